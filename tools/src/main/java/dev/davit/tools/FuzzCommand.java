package dev.davit.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code clif-util fuzz cache [--time 10m] [--seed N] [--target NAME]}: the compile-cache fuzz
 * target run for a while (see {@code dev.davit.fuzz.cache.CacheFuzz}); {@code clif-util fuzz
 * cache-bench [--corpus DIR] [--target NAME] ...}: the cache benchmark (hit rate, cold vs warm, cost
 * of a hit relative to a fresh compile).
 */
@Command(name = "fuzz", description = "Fuzz targets: 'cache' (compile cache properties) and 'cache-bench'.")
final class FuzzCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET", description = "cache or cache-bench")
    String target;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception { return run(target, args.toArray(new String[0])); }

    int run(String target, String[] a) throws Exception {
        switch (target) {
            case "cache" -> dev.davit.fuzz.cache.CacheFuzz.main(a);
            case "cache-bench" -> dev.davit.fuzz.cache.CacheBench.main(a);
            default -> {
                System.err.println("error: unknown fuzz target '" + target + "' (expected cache or cache-bench)");
                return 2;
            }
        }
        return 0;
    }
}
