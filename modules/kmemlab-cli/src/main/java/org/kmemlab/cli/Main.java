package org.kmemlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kmemlab.kernel.ModuleRegistry;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kmemlab} command. */
@Command(name = "kmemlab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "A workbench for the Linux 2.6.34 memory manager: run scenarios against a simulated machine.",
    subcommands = {RunCommand.class, TestCommand.class, ReplCommand.class, MapCommand.class, ReplayCommand.class,
        ProcCommand.class, ModulesCommand.class, ConformCommand.class, BenchCommand.class, GradeCommand.class,
        AutograderCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  kmemlab run examples/scenarios/02-alloc-pages.js",
        "  kmemlab run my.js --profile i386 --ram 2G --no-debug",
        "  kmemlab run examples/scenarios/02-alloc-pages.js --report report.html --trace calls.jsonl",
        "  kmemlab test examples/scenarios",
        "  kmemlab repl --profile i386",
        "  kmemlab map --ram 64M --run examples/scenarios/02-alloc-pages.js --svg map.svg",
        "  kmemlab replay calls.jsonl --module slab=slab",
        "  kmemlab proc buddyinfo --ram 8G",
        "  kmemlab conform --module buddy=examples/modules/buddy-simple.js",
        "  kmemlab grade examples/homework/buddy-lab examples/homework/buddy-lab/samples/correct.js"})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--plugins", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
        description = "also load plugin jars from DIR (repeatable; KMEMLAB_PLUGINS and plugins/ are always searched)")
    List<Path> plugins = new ArrayList<>();

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, test, repl, map, replay, proc, modules, conform, grade, autograder or bench");
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
        cl.setExecutionStrategy(parsed -> {
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
                try {
                    installRegistry(parsed, err);
                } catch (IllegalArgumentException e) {
                    err.println("kmemlab: " + e.getMessage());
                    return BAD_INPUT;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            err.println("kmemlab: internal error: " + e);
            return INTERNAL;
        }
    }

    /**
     * Loads the plugins (from --plugins, KMEMLAB_PLUGINS and plugins/ at the project root) into the registry every
     * machine of this process boots from; each plugin problem is one warning line, and the rest keeps working.
     */
    private static void installRegistry(CommandLine.ParseResult parsed, PrintWriter err) {
        List<Path> cli = new ArrayList<>();
        for (CommandLine.ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--plugins")) {
                List<Path> v = pr.matchedOptionValue("--plugins", List.of());
                for (Path p : v) {
                    if (!cli.contains(p)) {
                        cli.add(p);
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        List<Path> where = PluginLocations.resolve(cli, System.getenv("KMEMLAB_PLUGINS"),
            System.getProperty("kmemlab.home"), problems::add);
        if (where.isEmpty() && problems.isEmpty()) {
            return; // the built-ins only: no plugin scan
        }
        ModuleRegistry r = ModuleRegistry.withPlugins(where);
        ModuleRegistry.install(r);
        problems.addAll(r.problems());
        for (String p : problems) {
            err.println("kmemlab: warning: " + p);
        }
        err.flush();
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
