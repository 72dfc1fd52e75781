package dev.rampart.kata.deserialization;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The suite's own gadgets: classes on the application's class path that do something when they
 * are read, the way the classes of a real gadget chain do. None of them is a real chain from a
 * library; each leaves a trace the suite can look at (a file in the case's temporary folder, a
 * counter), and none does anything outside it.
 */
final class Gadgets {

    private Gadgets() {
    }

    /**
     * Like a file-upload library's spooled item: reading it back writes its content to its path
     * (the first step of CVE-2016-1000031, commons-fileupload's DiskFileItem).
     */
    static final class SpoolFile implements Serializable {

        private static final long serialVersionUID = 1L;

        private final String path;
        private final String content;

        SpoolFile(Path path, String content) {
            this.path = path.toString();
            this.content = content;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            Files.writeString(Path.of(path), content, StandardCharsets.UTF_8);
        }
    }

    /**
     * Like commons-collections' TransformingComparator: comparing runs code. A
     * {@link java.util.PriorityQueue} compares its elements as it is read back, which is how
     * the CommonsCollections2 and 4 chains start.
     */
    static final class SpoolingComparator implements Comparator<Object>, Serializable {

        private static final long serialVersionUID = 1L;

        private final String path;

        SpoolingComparator(Path path) {
            this.path = path.toString();
        }

        @Override
        public int compare(Object left, Object right) {
            try {
                Files.writeString(Path.of(path), "compared " + left + " with " + right, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return String.valueOf(left).compareTo(String.valueOf(right));
        }
    }

    /**
     * Like {@code com.sun.rowset.JdbcRowSetImpl} in the Jackson CVE-2017-7525 family: a bean
     * whose setters act. Setting {@code autoCommit} "connects" to the data source named before,
     * here by writing the file it names.
     */
    public static final class JndiRowSet {

        private String dataSourceName;

        public void setDataSourceName(String dataSourceName) {
            this.dataSourceName = dataSourceName;
        }

        public void setAutoCommit(boolean autoCommit) throws IOException {
            if (dataSourceName != null) {
                Files.writeString(Path.of(dataSourceName), "connected", StandardCharsets.UTF_8);
            }
        }
    }

    /** A harmless class of the application that a cart never holds; it counts its readings. */
    public static final class Wishlist implements Serializable {

        private static final long serialVersionUID = 1L;
        static final AtomicInteger READ = new AtomicInteger();

        private List<String> skus = new ArrayList<>();

        public Wishlist() {
            READ.incrementAndGet();
        }

        Wishlist(List<String> skus) {
            this.skus = new ArrayList<>(skus);
        }

        public List<String> getSkus() {
            return skus;
        }

        public void setSkus(List<String> skus) {
            this.skus = skus;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            READ.incrementAndGet();
        }
    }
}
