package dev.rampart.kata.support;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The methods a package's compiled classes call, read from their constant pools (JVMS §4.4).
 * A review made by the build: it tells whether the code under test calls a method at all, never
 * how long anything takes, so it gives the same answer on every machine.
 */
public final class ClassFileCalls {

    private ClassFileCalls() {
    }

    /**
     * Every method called (as {@code java/security/MessageDigest.isEqual}) by the classes of the
     * folders the given classes were loaded from, nested and helper classes included.
     */
    public static Set<String> calledBy(Class<?>... anchors) {
        var calls = new TreeSet<String>();
        for (var anchor : anchors) {
            for (byte[] classFile : classFilesBeside(anchor)) {
                calls.addAll(methodsCalled(classFile));
            }
        }
        return calls;
    }

    private static List<byte[]> classFilesBeside(Class<?> anchor) {
        var name = anchor.getSimpleName() + ".class";
        var url = anchor.getResource(name);
        try {
            if (url != null && url.getProtocol().equals("file")) {
                try (Stream<Path> siblings = Files.list(Path.of(url.toURI()).getParent())) {
                    var files = new ArrayList<byte[]>();
                    for (var file : siblings.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                        // Only the copy the class loader really uses: another folder may hold a newer one.
                        var used = anchor.getResource(file.getFileName().toString());
                        if (used != null && used.getProtocol().equals("file") && Path.of(used.toURI()).toRealPath().equals(file.toRealPath())) {
                            files.add(Files.readAllBytes(file));
                        }
                    }
                    return files;
                }
            }
            try (var in = anchor.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("Cannot read the compiled " + name);
                }
                return List.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> methodsCalled(byte[] classFile) {
        try (var in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("Not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            var utf8 = new String[count];
            var classNames = new int[count];
            var nameAndTypes = new int[count];
            var methodRefs = new ArrayList<int[]>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNames[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 9, 17, 18 -> in.readInt();
                    case 10, 11 -> methodRefs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                    case 12 -> {
                        nameAndTypes[i] = in.readUnsignedShort();
                        in.readUnsignedShort();
                    }
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IllegalArgumentException("Unknown constant pool tag " + tag);
                }
            }
            var methods = new TreeSet<String>();
            for (int[] ref : methodRefs) {
                methods.add(utf8[classNames[ref[0]]] + "." + utf8[nameAndTypes[ref[1]]]);
            }
            return methods;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
