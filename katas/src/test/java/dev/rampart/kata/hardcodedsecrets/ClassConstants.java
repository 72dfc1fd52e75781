package dev.rampart.kata.hardcodedsecrets;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strings a compiled class carries, as anyone holding the jar reads them ({@code javap -v},
 * {@code strings}, a decompiler): every {@code CONSTANT_String} of the constant pool, and every
 * {@code static final String} field whose value javac stored in a {@code ConstantValue}
 * attribute.
 *
 * <p>Java 17 has no public class-file API ({@code java.lang.classfile} is final only from 24),
 * so this walks the format of JVMS §4.1–4.5 with a {@link DataInputStream}: the walk is the
 * oracle, short enough to read in full, and needs no library. {@code readUTF} reads the JVM's
 * modified UTF-8, which is what {@code CONSTANT_Utf8} holds.
 *
 * @param strings        every string literal the class loads
 * @param constantFields field name → value, for constant {@code String} fields
 */
record ClassConstants(List<String> strings, Map<String, String> constantFields) {

    ClassConstants {
        strings = List.copyOf(strings);
        constantFields = Map.copyOf(constantFields);
    }

    /** Reads the class file of {@code type} through the class loader that defined it. */
    static ClassConstants of(Class<?> type) {
        var resource = type.getSimpleName() + ".class";
        try (var in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No class file " + resource + " beside " + type.getName());
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClassConstants parse(byte[] classFile) throws IOException {
        var in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        var utf8 = new String[count];
        var stringRefs = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();                       // Utf8
                case 8 -> stringRefs[i] = in.readUnsignedShort();       // String → Utf8 index
                case 7, 16, 19, 20 -> in.skipBytes(2);                  // Class, MethodType, Module, Package
                case 15 -> in.skipBytes(3);                             // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);    // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> {                                          // Long, Double take two slots
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        var strings = new ArrayList<String>();
        for (int i = 1; i < count; i++) {
            if (stringRefs[i] != 0) {
                strings.add(utf8[stringRefs[i]]);
            }
        }
        in.readUnsignedShort(); // access flags
        in.readUnsignedShort(); // this class
        in.readUnsignedShort(); // super class
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        var fields = new LinkedHashMap<String, String>();
        int fieldCount = in.readUnsignedShort();
        for (int f = 0; f < fieldCount; f++) {
            in.readUnsignedShort(); // access flags
            var name = utf8[in.readUnsignedShort()];
            var descriptor = utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                var attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("ConstantValue") && descriptor.equals("Ljava/lang/String;")) {
                    fields.put(name, utf8[stringRefs[in.readUnsignedShort()]]);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return new ClassConstants(strings, fields);
    }
}
