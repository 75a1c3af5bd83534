package org.kmemlab.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where plugin jars are looked for, in this order (the first provider of a SLOT=NAME wins):
 * every {@code --plugins DIR}, then the entries of {@code KMEMLAB_PLUGINS} (separated like PATH), then
 * {@code plugins/} at the project root (the launcher passes the root as {@code -Dkmemlab.home}).
 */
final class PluginLocations {
    private PluginLocations() {
    }

    static List<Path> resolve(List<Path> cli, String env, String home, Consumer<String> problem) {
        List<Path> out = new ArrayList<>();
        for (Path p : cli) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("--plugins " + p + ": no such directory or jar");
            }
            out.add(p);
        }
        if (env != null && !env.isBlank()) {
            for (String e : env.split(File.pathSeparator)) {
                if (e.isBlank()) {
                    continue;
                }
                Path p = Path.of(e);
                if (Files.exists(p)) {
                    out.add(p);
                } else {
                    problem.accept("KMEMLAB_PLUGINS entry " + e + ": no such directory or jar");
                }
            }
        }
        if (home != null) {
            Path p = Path.of(home, "plugins");
            if (Files.isDirectory(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
