package org.kmemlab.script.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.graalvm.polyglot.Source;

/**
 * A JavaScript module file as read when a machine boots with it: its absolute path and text. The text runs
 * wrapped in a function, as Node runs a CommonJS file: {@code (function (module, exports) {TEXT\n})}, so the
 * module's top-level names are its own and it hands its operations over in {@code module.exports}. The wrapper
 * opens on the file's first line, so line numbers in errors are the file's.
 */
public record JsModuleFile(Path path, String text) {
    static final String PREFIX = "(function (module, exports) {";
    static final String SUFFIX = "\n})";

    /** Reads the file; an unreadable one is a {@link JsModuleError}. */
    public static JsModuleFile read(Path path) {
        try {
            return new JsModuleFile(path, Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JsModuleError("module file '" + path + "' cannot be read: " + e.getMessage());
        }
    }

    /** The name used in messages and stack traces: {@code my-buddy.js}. */
    public String fileName() {
        return path.getFileName().toString();
    }

    /** The wrapped source, named after the file (the shared engine caches its parse across machines). */
    Source source() {
        return Source.newBuilder("js", PREFIX + text + SUFFIX, fileName()).buildLiteral();
    }

    /** The file's own text of a line (1-based), for syntax error carets. */
    String line(int n) {
        String[] lines = text.split("\n", -1);
        return n >= 1 && n <= lines.length ? lines[n - 1].replace("\r", "") : "";
    }
}
