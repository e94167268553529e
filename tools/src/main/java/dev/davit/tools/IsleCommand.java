package dev.davit.tools;

import dev.davit.islec.IslecMain;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code clif-util isle FILE.isle... -o DIR [--package P] [--class C] ...}: compiles ISLE rules to
 * Java, exactly as the build does (the options are islec's; {@code clif-util isle --help} lists them).
 */
@Command(name = "isle", description = "Compile ISLE rules to a Java instruction selector (islec).",
        mixinStandardHelpOptions = false)
final class IsleCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "islec arguments: FILE.isle... -o DIR [options]")
    List<String> args = List.of();

    @Unmatched
    List<String> unmatched = List.of();

    @Override
    public Integer call() {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(unmatched);
        return IslecMain.run(all.toArray(new String[0]), System.out, System.err);
    }
}
