package dev.davit.tools;

import dev.davit.filetests.FileResult;
import dev.davit.filetests.FileTestRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clif-util test [--target NAME] PATH...}: runs filetests, one line per file, then totals. */
@Command(name = "test", description = "Run .clif filetests (files or folders).")
final class TestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders of .clif files.")
    List<Path> paths;

    @Option(names = "--target", paramLabel = "NAME",
            description = "Keep only runs for this target (x86_64, aarch64, ...; 'interpret' for the interpreter).")
    String target;

    @Option(names = "--set", paramLabel = "K=V",
            description = "A shared setting applied after each file's own set lines, e.g. opt_level=speed (repeatable).")
    List<String> settings = new java.util.ArrayList<>();

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Worker threads (default: cores).")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures and the totals.")
    boolean quiet;

    @Option(names = "--bless", description = "Rewrite 'test compile precise-output' expectations with the actual output.")
    boolean bless;

    @Option(names = {"-v", "--verbose"}, description = "Print the whole reason of each failure, not just its first line.")
    boolean verbose;

    @Override
    public Integer call() {
        FileTestRunner.Options opts = FileTestRunner.Options.defaults().withTarget(target).withBless(bless);
        if (threads != null) opts = opts.withThreads(Math.max(1, threads));
        return runFiles(paths, settings, opts, quiet, verbose);
    }

    /**
     * Collects the files, checks the {@code --set} settings, runs the files and prints one line per
     * file and the totals; shared with {@code clif-util run}. Exit code: 0 all passed, 1 a file
     * failed, 2 bad arguments.
     */
    static int runFiles(List<Path> paths, List<String> settings, FileTestRunner.Options opts, boolean quiet, boolean verbose) {
        List<Path> files;
        try {
            files = FileTestRunner.collect(paths);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            var check = dev.davit.codegen.settings.SharedSettings.GROUP.builder();
            for (String kv : settings) check.apply(kv);
        } catch (dev.davit.codegen.settings.SettingError e) {
            System.err.println("error: --set: " + e.getMessage());
            return 2;
        }
        opts = opts.withSettings(settings);
        PrintStream out = System.out;
        boolean tty = System.console() != null;
        int[] counts = new int[3];
        int total = files.size();
        new FileTestRunner(opts).runAll(files, r -> {
            counts[r.status().ordinal()]++;
            if (tty) System.err.print("\r\033[K");
            if (!quiet || r.status() == FileResult.Status.FAIL) out.println(r.line());
            if (verbose && r.status() == FileResult.Status.FAIL && r.reason().indexOf('\n') >= 0)
                out.println(r.reason().substring(r.reason().indexOf('\n') + 1).indent(4).stripTrailing());
            if (tty) System.err.printf("[%d/%d] %d failed", counts[0] + counts[1] + counts[2], total, counts[1]);
        });
        if (tty) System.err.print("\r\033[K");
        out.printf("%d passed, %d failed, %d skipped%n", counts[0], counts[1], counts[2]);
        return counts[1] > 0 ? 1 : 0;
    }
}
