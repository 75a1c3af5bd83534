package org.kmemlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.kmemlab.script.ReplSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab repl}: an interactive session on a live machine (JLine on a terminal, plain lines when piped). */
@Command(name = "repl", mixinStandardHelpOptions = true,
    description = {"An interactive JavaScript session on one live machine: every kernel function and constant, "
        + "tab completion, multi-line input, history (~/.kmemlab_history, or $KMEMLAB_HISTORY).",
        "Commands: .help, .reset [OPTIONS], .map, .proc NAME, .modules, .load FILE, .exit (see docs/repl.md).",
        "With input piped in, each input's result is printed; exit 1 if any input failed, 0 otherwise."},
    footer = {"", "Examples:",
        "  kmemlab repl",
        "  kmemlab repl --profile i386 --ram 2G",
        "  echo 'alloc_pages(GFP_KERNEL, 2)' | kmemlab repl"})
public final class ReplCommand implements Callable<Integer> {
    @Mixin
    MachineOptionsMixin machine = new MachineOptionsMixin();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "wall-clock limit per input (default ${DEFAULT-VALUE} s); a runaway loop is cancelled and the session goes on")
    double timeoutSeconds;

    @Spec
    CommandSpec spec;

    /** Where piped input comes from; tests set it. */
    InputStream in = System.in;
    /** Null: a terminal when stdin and stdout are one; tests force false. */
    Boolean interactive;

    @Override
    public Integer call() {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw new IllegalArgumentException("--timeout must be a number of seconds between 0 and 86400, got " + timeoutSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ReplSession session = new ReplSession(machine.config(), (long) (timeoutSeconds * 1000),
            ReplSession.DEFAULT_STATEMENT_LIMIT)) {
            boolean tty = interactive != null ? interactive : Terminals.stdinIsTerminal();
            return tty ? interactive(session, out) : piped(session, out);
        }
    }

    /** Lines from a pipe: an input ends where it is complete; results go to stdout, no prompts. */
    private int piped(ReplSession session, PrintWriter out) {
        boolean failed = false;
        StringBuilder buf = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                buf.append(buf.length() == 0 ? "" : "\n").append(line);
                if (!session.isComplete(buf.toString())) {
                    continue;
                }
                ReplSession.Result res = session.eval(buf.toString());
                buf.setLength(0);
                failed |= res.error();
                print(out, res, Style.detect());
                if (res.exit()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read input: " + e.getMessage());
        }
        if (buf.length() > 0) { // input ended inside a bracket or string: show the syntax error
            ReplSession.Result res = session.eval(buf.toString());
            failed |= res.error();
            print(out, res, Style.detect());
        }
        out.flush();
        return failed ? Main.FAILED : Main.OK;
    }

    private int interactive(ReplSession session, PrintWriter fallback) {
        Style st = Style.detect();
        try (Terminal terminal = Terminals.open()) {
            ReplLineParser parser = new ReplLineParser(session);
            LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("kmemlab")
                .parser(parser)
                .completer(parser)
                .variable(LineReader.HISTORY_FILE, historyFile())
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P...  ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // ! is JavaScript, not history expansion
                .option(LineReader.Option.INSERT_TAB, false)
                .build();
            // Ctrl-C while an input runs stops that input, not the session
            terminal.handle(Terminal.Signal.INT, sig -> session.interrupt());
            PrintWriter out = terminal.writer();
            out.println("kmemlab repl: " + ReplSession.describe(session.config())
                + ". Type .help for commands, Ctrl-D to leave.");
            while (true) {
                String line;
                try {
                    line = reader.readLine("kmemlab> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    break;
                }
                ReplSession.Result res = session.eval(line);
                print(out, res, st);
                out.flush();
                if (res.exit()) {
                    break;
                }
            }
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                out.println(st.dim("(history not saved: " + e.getMessage() + ")"));
            }
            return Main.OK;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open the terminal: " + e.getMessage());
        }
    }

    private static void print(PrintWriter out, ReplSession.Result res, Style st) {
        if (!res.text().isEmpty()) {
            out.println(res.error() ? st.fail(res.text()) : res.text());
        }
    }

    static Path historyFile() {
        String env = System.getenv("KMEMLAB_HISTORY");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".kmemlab_history");
    }
}
