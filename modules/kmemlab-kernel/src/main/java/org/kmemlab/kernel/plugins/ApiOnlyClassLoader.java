package org.kmemlab.kernel.plugins;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin class loader: the JDK (through the platform loader) and, from kmemlab's own
 * loader, only the packages a plugin compiles against — the kmemlab API and the Guice / jakarta.inject
 * types its modules are made of. kmemlab's internals (kernel, buddy, slab, script, ...) stay invisible, so a
 * plugin cannot come to depend on them and two plugins cannot see each other's classes.
 */
public final class ApiOnlyClassLoader extends ClassLoader {
    /** What a plugin may see of kmemlab's class path (package prefixes). */
    public static final List<String> VISIBLE = List.of("org.kmemlab.api.", "com.google.inject.", "jakarta.inject.",
        "org.aopalliance.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader kmemlab;

    public ApiOnlyClassLoader(ClassLoader kmemlab) {
        super("kmemlab-api", ClassLoader.getPlatformClassLoader());
        this.kmemlab = kmemlab;
    }

    static boolean visible(String className) {
        for (String p : VISIBLE) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (visible(name)) {
            return kmemlab.loadClass(name);
        }
        throw new ClassNotFoundException(name + " (plugins see only the JDK and " + String.join(", ", VISIBLE) + "*)");
    }

    @Override
    protected URL findResource(String name) {
        return visible(name.replace('/', '.')) ? kmemlab.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return visible(name.replace('/', '.')) ? kmemlab.getResources(name) : Collections.emptyEnumeration();
    }
}
