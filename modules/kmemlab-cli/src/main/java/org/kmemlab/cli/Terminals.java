package org.kmemlab.cli;

import java.io.Console;
import java.io.IOException;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The REPL's terminal: whether there is one, and opening it without JLine's FFM provider (it needs JDK 22). */
final class Terminals {
    private Terminals() {
    }

    /**
     * True when stdin and stdout are a terminal. JDK 22+ returns a Console even for redirected streams, so
     * {@code Console.isTerminal()} (22+) decides there; on 17-21 a non-null console means a terminal.
     */
    static boolean stdinIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static Terminal open() throws IOException {
        return TerminalBuilder.builder()
            .system(true)
            .name("kmemlab")
            .ffm(false) // the FFM provider needs JDK 22; exec/jni work from 17 on
            .jni(true)
            .exec(true)
            .dumb(true) // an unknown terminal still gets a (plain) line reader rather than an error
            .build();
    }
}
