package dev.davit.tools;

import dev.davit.codegen.isa.IsaRegistry;
import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.filetests.FileTestRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clif-util run [--target NAME] FILE...}: compiles every function for the host (or the given
 * target) and checks each {@code ; run} line against the machine code, whatever the files' own test
 * and target lines say, as Cranelift's {@code clif-util run} does. The files' {@code set} lines apply.
 */
@Command(name = "run", description = "Run the '; run' lines of .clif files on the host (or --target) as machine code.")
final class RunCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders of .clif files.")
    List<Path> paths;

    @Option(names = "--target", paramLabel = "NAME",
            description = "Target and flags, e.g. 'x86_64 has_bmi2' or 'aarch64' (under qemu-aarch64); default: the host.")
    String target;

    @Option(names = "--set", paramLabel = "K=V", description = "A shared setting, e.g. opt_level=speed (repeatable).")
    List<String> settings = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print only failures and the totals.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print the whole reason of each failure.")
    boolean verbose;

    @Override
    public Integer call() {
        List<String> words = target == null ? List.of(CompileCommand.hostArch()) : List.of(target.trim().split("\\s+"));
        try {
            IsaRegistry.lookup(words, SharedSettings.GROUP.builder().build());
        } catch (SettingError e) {
            System.err.println("error: --target: " + e.getMessage());
            return 2;
        }
        return TestCommand.runFiles(paths, settings, FileTestRunner.Options.defaults().withRunOn(words), quiet, verbose);
    }
}
