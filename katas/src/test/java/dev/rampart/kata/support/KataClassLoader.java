package dev.rampart.kata.support;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;

/**
 * Loads one kata's package from its own folders first (child-first), everything else from the
 * parent. That is what lets one JVM run the same suite against the starter and the solution,
 * even when the parent can see one of them too.
 */
public final class KataClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final String packagePrefix;
    private final String packagePath;

    public KataClassLoader(String packageName, URL[] urls, ClassLoader parent) {
        super("kata:" + packageName, urls, parent);
        this.packagePrefix = packageName + ".";
        this.packagePath = packagePrefix.replace('.', '/');
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(packagePrefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            var loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        var own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        // Class-path scanning of the kata's package must see only this loader's copy.
        return name.startsWith(packagePath) ? findResources(name) : super.getResources(name);
    }
}
