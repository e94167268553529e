package dev.davit.filetests;

import dev.davit.filetests.FileResult.Status;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.reader.TestCommand;
import dev.davit.ir.reader.TestFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs {@code .clif} filetests: expands folders, runs files in parallel, and folds each file's
 * sub-test outcomes into one {@link FileResult}. A file fails if any sub-test fails on any
 * function, passes if something ran and nothing failed, and is skipped if nothing could run.
 * Nothing a file contains can take the runner down: every error, including internal ones, becomes
 * that file's failure.
 */
public final class FileTestRunner {
    /**
     * @param target   keep only runs for this target ({@code interpret} for the interpreter), or null for all
     * @param threads  worker threads
     * @param timeoutSeconds per-file time limit
     * @param bless    rewrite {@code precise-output} expectations instead of failing on them
     */
    /**
     * {@code settings} are shared settings ({@code k=v}) applied after each file's own {@code set}
     * lines, e.g. {@code opt_level=speed} to run every file at another optimisation level.
     * {@code runOn} (target words, e.g. {@code x86_64 has_bmi2}) makes the runner do what
     * {@code clif-util run} does: ignore the files' test and target lines and run every
     * {@code ; run} line on that target.
     */
    public record Options(String target, int threads, long timeoutSeconds, boolean bless, List<String> settings,
                          List<String> runOn) {
        public Options {
            settings = List.copyOf(settings);
            runOn = runOn == null ? null : List.copyOf(runOn);
        }

        public static Options defaults() {
            return new Options(null, Runtime.getRuntime().availableProcessors(), 120, false, List.of(), null);
        }

        public Options withTarget(String t) { return new Options(t, threads, timeoutSeconds, bless, settings, runOn); }

        public Options withThreads(int n) { return new Options(target, n, timeoutSeconds, bless, settings, runOn); }

        public Options withBless(boolean b) { return new Options(target, threads, timeoutSeconds, b, settings, runOn); }

        public Options withSettings(List<String> s) { return new Options(target, threads, timeoutSeconds, bless, s, runOn); }

        public Options withRunOn(List<String> words) { return new Options(target, threads, timeoutSeconds, bless, settings, words); }
    }

    private final Options options;

    public FileTestRunner(Options options) { this.options = options; }

    /** All {@code .clif} files under the given files and folders, in sorted order. */
    public static List<Path> collect(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".clif"))
                            .sorted().forEach(out::add);
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new IOException("no such file or folder: " + p);
            }
        }
        return out;
    }

    /** Runs the files on {@link Options#threads()} workers, reporting each result as it finishes, in input order. */
    public List<FileResult> runAll(List<Path> files, Consumer<FileResult> onResult) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()), r -> {
            Thread t = new Thread(null, r, "filetest", 64L << 20); // deep recursion in big functions
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FileResult>> futures = new ArrayList<>(files.size());
            for (Path f : files) futures.add(pool.submit(() -> runFile(f)));
            List<FileResult> results = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                FileResult r;
                try {
                    r = futures.get(i).get(options.timeoutSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    r = new FileResult(files.get(i), Status.FAIL, "timed out after " + options.timeoutSeconds() + " s", 0);
                } catch (ExecutionException e) {
                    r = new FileResult(files.get(i), Status.FAIL, "internal error: " + e.getCause(), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                results.add(r);
                if (onResult != null) onResult.accept(r);
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one file. Never throws. */
    public FileResult runFile(Path path) {
        long start = System.nanoTime();
        try {
            String text;
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                return result(path, Status.FAIL, "cannot read: " + e.getMessage(), start);
            }
            TestFile file;
            try {
                file = ClifParser.parseTestFile(text, path.toString());
            } catch (ParseError e) {
                return result(path, Status.FAIL, e.getMessage(), start);
            }
            List<TestCommand> commands = options.runOn() != null ? List.of(new TestCommand("run", List.of(), 0)) : file.commands();
            if (commands.isEmpty()) return result(path, Status.SKIP, "no test commands", start);
            String firstFail = null, firstSkip = null;
            boolean ranSomething = false;
            for (TestCommand cmd : commands) {
                List<SubTest> subs = new ArrayList<>();
                String skip = SubTests.create(cmd, file, options, subs);
                if (skip != null) {
                    if (firstSkip == null) firstSkip = "test " + cmd.name() + ": " + skip;
                    continue;
                }
                for (SubTest sub : subs) {
                    TestContext ctx = new TestContext(path, file, cmd, options);
                    for (ParsedFunction pf : file.functions()) {
                        Outcome o;
                        try {
                            o = sub.run(ctx, pf);
                        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                            o = Outcome.fail(ctx.at(pf.details().startLine(), "internal error in test " + sub.name() + ": " + e));
                        }
                        switch (o) {
                            case Outcome.Pass p -> ranSomething = true;
                            case Outcome.Fail f -> {
                                ranSomething = true;
                                if (firstFail == null) firstFail = f.message();
                            }
                            case Outcome.Skip s -> {
                                if (firstSkip == null) firstSkip = "test " + sub.name() + ": " + s.reason();
                            }
                        }
                    }
                }
            }
            if (firstFail != null) return result(path, Status.FAIL, firstFail, start);
            if (ranSomething) return result(path, Status.PASS, "", start);
            return result(path, Status.SKIP, firstSkip == null ? "nothing to run" : firstSkip, start);
        } catch (Throwable t) {
            return result(path, Status.FAIL, "internal error: " + t, start);
        }
    }

    private static FileResult result(Path p, Status s, String reason, long start) {
        return new FileResult(p, s, reason, System.nanoTime() - start);
    }
}
