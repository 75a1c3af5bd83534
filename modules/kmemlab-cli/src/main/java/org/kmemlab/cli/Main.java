package org.kmemlab.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kmemlab} command. */
@Command(name = "kmemlab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "A workbench for the Linux 2.6.34 memory manager: run scenarios against a simulated machine.",
    subcommands = {RunCommand.class, TestCommand.class, ProcCommand.class, ModulesCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  kmemlab run examples/scenarios/02-alloc-pages.js",
        "  kmemlab run my.js --profile i386 --ram 2G --no-debug",
        "  kmemlab test examples/scenarios",
        "  kmemlab proc buddyinfo --ram 8G"})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, test, proc, modules or bench");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; never lets a stack trace reach the user. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("kmemlab: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof org.kmemlab.script.ScenarioRunner.BadScenario) {
                err.println("kmemlab: " + ex.getMessage());
                return BAD_INPUT;
            }
            err.println("kmemlab: internal error: " + ex);
            return INTERNAL;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            err.println("kmemlab: internal error: " + e);
            return INTERNAL;
        }
    }

    /** --version. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"kmemlab " + (v == null ? "(development build)" : v) + " — simulating Linux 2.6.34",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
