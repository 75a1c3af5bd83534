package org.kmemlab.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * Each plugin jar has its own class loader, which sees the JDK, kmemlab's API and Guice, and nothing else of
 * kmemlab: a plugin cannot reach the kernel's internals, and two plugins cannot see each other's classes.
 */
class PluginIsolationTest {
    @Test
    void thePluginsLoaderSeesTheApiButNotKmemlabsInternals() throws Exception {
        Kernel k = FirstFitJar.boot(MachineConfig.defaults().withRam(64L << 20));
        PageAllocator ff = k.pageAllocator();
        ClassLoader loader = ff.getClass().getClassLoader();
        assertNotSame(PluginIsolationTest.class.getClassLoader(), loader);
        assertEquals("plugin:first-fit.jar", loader.getName());
        assertEquals("org.kmemlab.examples.firstfit.FirstFit", ff.getClass().getName());

        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.kmemlab.kernel.Machine"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.kmemlab.buddy.LinuxBuddy"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.kmemlab.slab.slub.Slub"));
        // the API is kmemlab's own: the same Class objects, so the plugin's PageAllocator is the kernel's
        assertSame(PageAllocator.class, loader.loadClass("org.kmemlab.api.PageAllocator"));
        assertSame(SlotModule.class, loader.loadClass("org.kmemlab.api.SlotModule"));
        assertSame(com.google.inject.Module.class, loader.loadClass("com.google.inject.Module"));
        assertSame(String.class, loader.loadClass("java.lang.String"));
        // and kmemlab's own services are not visible through it (else every plugin would list the built-ins)
        List<URL> services = Collections.list(loader.getResources("META-INF/services/" + SlotModule.class.getName()));
        assertEquals(1, services.size(), services.toString());
        assertTrue(services.get(0).toString().endsWith("first-fit.jar!/META-INF/services/org.kmemlab.api.SlotModule"));
    }

    @Test
    void twoJarsWithTheSameClassNamesGetDistinctClasses(@TempDir Path tmp) throws IOException {
        PluginJars jars = new PluginJars(tmp.resolve("work"));
        Path dir = tmp.resolve("plugins");
        for (String who : List.of("a", "b")) {
            // both jars hold demo.Shared and demo.DemoModule; the module's name comes from its own jar's Shared
            jars.jar(dir, "same-" + who + ".jar", Map.of(
                "demo.Shared", "package demo; public final class Shared { public static final String WHO = \""
                    + who + "\"; public static String who() { return WHO; } }",
                "demo.DemoModule", PluginJars.module("demo", "DemoModule", "\"same-\" + Shared.who()",
                    PluginJars.BINDS_PROVIDER)),
                "demo.DemoModule");
        }
        ModuleRegistry r = ModuleRegistry.withPlugins(List.of(dir));
        assertEquals(List.of(), r.problems());
        SlotModule a = r.resolve(Slot.BUDDY, "same-a");
        SlotModule b = r.resolve(Slot.BUDDY, "same-b");
        assertEquals(dir.resolve("same-a.jar").toString(), r.lookup(Slot.BUDDY, "same-a").source());
        assertEquals(dir.resolve("same-b.jar").toString(), r.lookup(Slot.BUDDY, "same-b").source());
        assertEquals(a.getClass().getName(), b.getClass().getName());
        assertNotSame(a.getClass(), b.getClass());
        assertNotSame(a.getClass().getClassLoader(), b.getClass().getClassLoader());
        try {
            Class<?> sharedA = a.getClass().getClassLoader().loadClass("demo.Shared");
            Class<?> sharedB = b.getClass().getClassLoader().loadClass("demo.Shared");
            assertNotSame(sharedA, sharedB);
            assertEquals("a", sharedA.getField("WHO").get(null));
            assertEquals("b", sharedB.getField("WHO").get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
