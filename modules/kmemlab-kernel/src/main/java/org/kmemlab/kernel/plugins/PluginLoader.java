package org.kmemlab.kernel.plugins;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.google.inject.Binding;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.Message;

import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.SlotModule;
import org.kmemlab.api.VmallocAllocator;

/**
 * Loads plugin jars: each jar gets its own class loader over {@link ApiOnlyClassLoader}, its
 * {@code META-INF/services/org.kmemlab.api.SlotModule} entries are instantiated with ServiceLoader, and
 * each module is checked the way Guice would see it (its {@code configure()} runs in a recording binder:
 * errors, exceptions and a missing binding for the slot's interface are caught here, not at boot).
 * Every problem is one line naming the jar and the reason; the other jars and modules still load.
 */
public final class PluginLoader {
    private PluginLoader() {
    }

    /** The jars in a directory (sorted by name, so loading order and duplicate resolution are stable) or a jar itself. */
    public static List<Path> jarsIn(Path dirOrJar) throws IOException {
        if (Files.isRegularFile(dirOrJar)) {
            return List.of(dirOrJar);
        }
        try (Stream<Path> s = Files.list(dirOrJar)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /** The modules one jar provides; problems go to {@code problem} as one line each. */
    public static List<RegisteredModule> load(Path jar, ClassLoader kmemlab, Consumer<String> problem) {
        String where = "plugin " + jar;
        List<RegisteredModule> out = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            if (jf.getEntry("META-INF/services/" + SlotModule.class.getName()) == null) {
                problem.accept(where + ": no META-INF/services/" + SlotModule.class.getName()
                    + " in the jar, so it provides no module (see examples/plugins/first-fit)");
                return out;
            }
        } catch (IOException | SecurityException e) {
            problem.accept(where + ": not a readable jar (" + oneLine(e) + ")");
            return out;
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()},
                new ApiOnlyClassLoader(kmemlab));
        } catch (MalformedURLException e) {
            problem.accept(where + ": " + oneLine(e));
            return out;
        }
        Iterator<SlotModule> it = ServiceLoader.load(SlotModule.class, loader).iterator();
        boolean listed = false;
        while (true) {
            SlotModule m;
            try {
                if (!it.hasNext()) {
                    break;
                }
                m = it.next();
            } catch (ServiceConfigurationError e) {
                String text = String.valueOf(e.getMessage());
                int at = text.indexOf("Provider ");
                if (e.getCause() == null && at >= 0 && text.endsWith(" not found")) {
                    String cls = text.substring(at + "Provider ".length(), text.length() - " not found".length());
                    problem.accept(where + ": META-INF/services/" + SlotModule.class.getName() + " names " + cls
                        + ", which is not in the jar");
                } else {
                    problem.accept(where + ": " + reason(e));
                }
                continue;
            } catch (LinkageError e) {
                problem.accept(where + ": " + reason(e));
                continue;
            }
            String id = "?";
            try {
                id = m.slot().id() + "=" + m.name();
                String bad = bindingProblem(m);
                if (bad != null) {
                    problem.accept(where + ": module " + id + " fails to bind: " + bad);
                    continue;
                }
                m.description();
            } catch (RuntimeException | LinkageError e) {
                problem.accept(where + ": module " + id + " fails to load: " + reason(e));
                continue;
            }
            out.add(new RegisteredModule(m, jar.toString()));
            listed = true;
        }
        if (!listed && !anyEntry(jar)) {
            problem.accept(where + ": META-INF/services/" + SlotModule.class.getName() + " lists no module");
        }
        if (out.isEmpty()) {
            try {
                loader.close(); // nothing from this jar is used: do not keep the file open
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        return out;
    }

    /** Whether the jar's services file names at least one class (comments and blank lines aside). */
    private static boolean anyEntry(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            var e = jf.getEntry("META-INF/services/" + SlotModule.class.getName());
            String text = new String(jf.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return text.lines().map(l -> l.replaceAll("#.*", "").trim()).anyMatch(l -> !l.isEmpty());
        } catch (IOException | RuntimeException ex) {
            return true; // unreadable now: the other checks have said what there is to say
        }
    }

    /** The slot interface a module must bind. */
    public static Class<?> slotInterface(Slot slot) {
        return switch (slot) {
            case PHYSMEM -> PhysMem.class;
            case BUDDY -> PageAllocator.class;
            case SLAB -> SlabAllocator.class;
            case VMALLOC -> VmallocAllocator.class;
            case MMU -> Mmu.class;
        };
    }

    /**
     * Why Guice would refuse the module, or null: configure() run in Guice's recording binder (no other slot
     * needs to exist for this), its error messages, and whether the slot's interface is bound.
     */
    static String bindingProblem(SlotModule m) {
        Module module = m.module();
        if (module == null) {
            return "module() returned null";
        }
        List<Element> elements = Elements.getElements(Stage.TOOL, module);
        boolean bound = false;
        for (Element e : elements) {
            if (e instanceof Message msg) {
                return msg.getCause() != null ? reason(msg.getCause()) : msg.getMessage().lines().findFirst().orElse("");
            }
            if (e instanceof Binding<?> b && b.getKey().getTypeLiteral().getRawType() == slotInterface(m.slot())
                && b.getKey().getAnnotationType() == null) {
                bound = true;
            }
        }
        return bound ? null : "it does not bind " + slotInterface(m.slot()).getName() + ", the " + m.slot().id() + " slot's interface";
    }

    /** One line for a load failure, naming what is missing when a plugin reached for kmemlab's internals. */
    public static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
            String missing = t.getMessage() == null ? "?" : t.getMessage().replace('/', '.').split(" ")[0];
            if (missing.startsWith("org.kmemlab.") && !missing.startsWith("org.kmemlab.api.")) {
                return "it uses " + missing + ", which is kmemlab internals; plugins may use only org.kmemlab.api";
            }
            return "class " + missing + " not found (bundle it in the plugin jar)";
        }
        String first = oneLine(t);
        return e == t ? first : oneLine(e) + ": " + first;
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.lines().findFirst().orElse(s);
    }
}
