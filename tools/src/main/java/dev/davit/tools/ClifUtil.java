package dev.davit.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code clif-util}: the command line for people working with CLIF files. Each sub-command is its
 * own class; this one only wires them together and turns bad arguments into a usage message and
 * exit status 2, never a stack trace.
 */
@Command(name = "clif-util", mixinStandardHelpOptions = true, version = "clif-util (Davit) 0.1.0",
        description = "Work with CLIF files: run filetests, print, interpret, benchmark; compile ISLE rules.",
        subcommands = {TestCommand.class, RunCommand.class, CatCommand.class, InterpretCommand.class, CompileCommand.class, BenchCommand.class, IsleCommand.class, FuzzCommand.class,
                CommandLine.HelpCommand.class})
public final class ClifUtil implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command");
    }

    public static void main(String[] args) {
        // Library warnings (a failing cache store) as one line, "warning: ...", like our own.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "warning: %5$s%6$s%n");
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int execute(String... args) {
        // islec parses its own options (-o, --package, ...), in order; picocli would reorder them.
        // The fuzz targets parse their own options too.
        if (args.length > 1 && args[0].equals("fuzz") && !args[1].startsWith("-")) {
            try {
                return new FuzzCommand().run(args[1], java.util.Arrays.copyOfRange(args, 2, args.length));
            } catch (Exception e) {
                System.err.println("error: " + e.getMessage());
                return 1;
            }
        }
        if (args.length > 0 && args[0].equals("isle"))
            return dev.davit.islec.IslecMain.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
        CommandLine cl = new CommandLine(new ClifUtil());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}
