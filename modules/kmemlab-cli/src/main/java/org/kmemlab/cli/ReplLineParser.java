package org.kmemlab.cli;

import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.kmemlab.script.ReplSession;

/**
 * JLine's view of JavaScript input: Enter on an incomplete input (an open bracket, string or template) raises
 * {@link EOFError}, so the reader continues on a secondary prompt; the word to complete is the name path before
 * the cursor ({@code alloc_pa}, {@code page.fl}), and the candidates come from {@link ReplSession#completions}.
 */
final class ReplLineParser implements Parser, Completer {
    private final ReplSession session;

    ReplLineParser(ReplSession session) {
        this.session = session;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !session.isComplete(line)) {
            throw new EOFError(-1, -1, "incomplete input");
        }
        int end = Math.min(Math.max(cursor, 0), line.length());
        String before = line.substring(0, end);
        int start = ReplSession.tokenStart(before);
        return new Line(line, end, before.substring(start));
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String before = line.line().substring(0, line.cursor());
        for (String c : session.completions(before)) {
            int dot = c.lastIndexOf('.', c.length() - 2);
            String display = dot > 0 ? c.substring(dot + 1) : c;
            // complete=false: no space after a name, the next character is usually ( or .
            candidates.add(new Candidate(c, display, null, null, null, null, false));
        }
    }

    /** One word: the name path ending at the cursor; nothing is escaped (JavaScript, not a shell). */
    private record Line(String line, int cursor, String word) implements CompletingParsedLine {
        @Override
        public int wordCursor() {
            return word.length();
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word);
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return word.length();
        }

        @Override
        public int rawWordLength() {
            return word.length();
        }
    }
}
