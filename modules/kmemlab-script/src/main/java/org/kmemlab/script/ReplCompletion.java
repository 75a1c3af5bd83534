package org.kmemlab.script;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/** Tab completion for the REPL (names, members, commands) and the "input ends too early" test for multi-line input. */
final class ReplCompletion {
    /** A dotted name path at the end of the line: {@code page.fl}, {@code GFP_K}, {@code a.b.}. */
    private static final Pattern PATH = Pattern.compile("((?:[A-Za-z_$][\\w$]*\\.)*)([A-Za-z_$][\\w$]*)?$");
    private static final List<String> KEYWORDS = List.of("const", "let", "function", "return", "typeof", "for", "while",
        "if", "else", "new", "true", "false", "null", "undefined", "describe", "test");
    private static final List<String> RESET_FLAGS = List.of("--profile", "--ram", "--page-size", "--module", "--debug",
        "--no-debug", "--pcp", "--no-pcp", "--mobility", "--no-mobility", "--seed", "--cmdline");

    private final ReplSession session;

    ReplCompletion(ReplSession session) {
        this.session = session;
    }

    static int tokenStart(String line) {
        int i = line.length();
        while (i > 0 && !Character.isWhitespace(line.charAt(i - 1)) && "([{,;=+-*/%!&|^~?:<>'\"`".indexOf(line.charAt(i - 1)) < 0) {
            i--;
        }
        return i;
    }

    List<String> complete(String line) {
        String token = line.substring(tokenStart(line));
        String head = line.stripLeading();
        if (ReplCommands.isCommand(head) || head.equals(".")) {
            int sp = head.indexOf(' ');
            if (sp < 0) {
                return startingWith(ReplCommands.NAMES, token);
            }
            String cmd = head.substring(0, sp);
            if (cmd.equals(".proc")) {
                return startingWith(ReplCommands.PROC_VIEWS, token);
            }
            if (cmd.equals(".reset")) {
                return startingWith(RESET_FLAGS, token);
            }
            return List.of();
        }
        Matcher m = PATH.matcher(token);
        if (!m.matches()) {
            return List.of();
        }
        String path = m.group(1);
        String partial = m.group(2) == null ? "" : m.group(2);
        if (path.isEmpty()) {
            TreeSet<String> names = new TreeSet<>(session.members(null));
            names.addAll(session.declared);
            names.addAll(KEYWORDS);
            return startingWith(names, partial);
        }
        // a member: evaluate the path (names and dots only, so nothing but getters runs)
        Value owner = session.quiet(path.substring(0, path.length() - 1));
        if (owner == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String name : startingWith(new TreeSet<>(session.members(owner)), partial)) {
            out.add(path + name);
        }
        return out;
    }

    /** An odd number of unescaped backquotes: a template literal is still open (backquotes in strings are rare enough). */
    private static boolean openTemplate(String input) {
        int n = 0;
        for (int i = 0; i < input.length(); i++) {
            if (input.charAt(i) == '\\') {
                i++;
            } else if (input.charAt(i) == '`') {
                n++;
            }
        }
        return n % 2 == 1;
    }

    private static List<String> startingWith(Iterable<String> names, String prefix) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith(prefix)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * A syntax error that only says the input stopped early (an open bracket, string or template literal): the
     * reader should ask for another line rather than show it.
     */
    static boolean endsEarly(PolyglotException e, String input) {
        String msg = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (openTemplate(input)) {
            return true; // a template literal may span lines (GraalJS reports it as a missing quote too)
        }
        if (msg.contains("missing close quote")) {
            return false; // a '...' or "..." string cannot continue on the next line: show the error now
        }
        if (msg.contains("eof") || msg.contains("end of input") || msg.contains("unterminated template")
            || msg.contains("missing } in template")) {
            return true;
        }
        SourceSection s = e.getSourceLocation();
        return s != null && s.getCharIndex() >= input.stripTrailing().length();
    }
}
