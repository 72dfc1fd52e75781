package dev.rampart.server.kernel;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each kernel in namespaces of its own, made by bubblewrap ({@code bwrap}, the sandbox Flatpak
 * uses) with unprivileged user namespaces. Nothing here needs root.
 *
 * <p>What a kernel sees:
 * <ul>
 *   <li>its own PID namespace: the kernel and what it starts, nothing else; no parent to signal,
 *       no {@code /proc} of the server or of another kernel to read. When the kernel's JVM ends,
 *       or the server (even {@code kill -9}: {@code --die-with-parent}), every process in it ends;</li>
 *   <li>its own mount namespace: the system folders ({@code /usr}, {@code /etc}, ...), the JDK and
 *       every entry of the kernels' class path, read-only and at their usual paths; its private
 *       folder at {@code /run/rampart} (socket, scratch space), which is also its {@code /tmp} and
 *       {@code /dev/shm}; its owner's workspace at {@code /run/rampart/workspace}, read-write;
 *       nothing else: not the user's home beyond the class path, not the server's files, not
 *       another participant's folder, not a dojo's state;</li>
 *   <li>its own network namespace with only a loopback interface (unless {@code RAMPART_DB_URL}
 *       names a database elsewhere), its own IPC and host name, a session of its own (no
 *       controlling terminal to push keystrokes into), no capabilities, and no file descriptor
 *       but its pipes.</li>
 * </ul>
 *
 * <p><b>Why a helper namespace.</b> A kernel is started before anyone asks for it (the pool), so
 * its workspace is not known when its mount namespace is made, and a mount namespace cannot be
 * given a folder from outside later. So one helper, started once ({@code bwrap} as root of a user
 * namespace of its own, allowed to mount there), holds the kernels' folders as a <em>shared</em>
 * mount and the read-only view every kernel starts from. Kernels are started inside the helper's
 * namespaces ({@code nsenter}); their copies of the folders are slaves of the helper's, so a
 * workspace the helper mounts on a kernel's {@code workspace} folder appears in that kernel, and
 * only there. Building the view once also makes a kernel's start one recursive mount instead of a
 * hundred (the class path's jars).
 */
final class BubblewrapSandbox implements KernelSandbox {

    /** Where a kernel finds its private folder. Nothing of the host is mounted under {@code /run}. */
    static final Path INSIDE = Path.of("/run/rampart");
    /** Where a kernel finds its owner's workspace, once admitted. */
    static final Path WORKSPACE = INSIDE.resolve("workspace");
    private static final Path TMP = Path.of("/tmp");
    /** System folders every kernel sees read-only where the host has them (a symlink stays a symlink). */
    private static final List<String> SYSTEM = List.of("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** Makes the kernels' folders a shared mount, says it is ready, and waits for the server to go. */
    private static final String HOLDER_SCRIPT = "\"$2\" --make-shared \"$1\" && echo \"ready $$\" && exec cat > /dev/null";

    private final Spawner spawner;
    private final Process holder;
    private final long holderPid;
    private final Path view;
    private final Path bubblewrap;
    private final Path nsenter;
    private final Path mount;
    private final boolean ownNetwork;
    private final long uid;
    private final long gid;
    private final Duration timeout;
    private final KernelIsolation isolation;
    /** Read-only paths under {@code /tmp}, which each kernel's private {@code /tmp} would hide: shown again on top of it. */
    private final List<Path> underTmp;

    private BubblewrapSandbox(Spawner spawner, Process holder, long holderPid, Path view, Tools tools, boolean ownNetwork,
                              long uid, long gid, Duration timeout, List<Path> readOnly) {
        this.spawner = spawner;
        this.holder = holder;
        this.holderPid = holderPid;
        this.view = view;
        this.bubblewrap = tools.bubblewrap();
        this.nsenter = tools.nsenter();
        this.mount = tools.mount();
        this.ownNetwork = ownNetwork;
        this.uid = uid;
        this.gid = gid;
        this.timeout = timeout;
        this.underTmp = readOnly.stream().map(p -> p.toAbsolutePath().normalize()).filter(p -> p.startsWith(TMP))
                .filter(Files::exists).distinct().toList();
        this.isolation = new KernelIsolation(true, "Kernels run in a sandbox (bubblewrap): each sees only its own files,"
                + " processes and " + (ownNetwork ? "network" : "the machine's network (RAMPART_DB_URL is set)"));
    }

    private record Tools(Path bubblewrap, Path nsenter, Path mount) {
    }

    /**
     * A sandbox over the kernels' {@code base} folder, or the reason there is none (as an
     * {@link Unsandboxed} that says it).
     *
     * @param readOnly what kernels must see besides the system folders: the JDK, the class path,
     *                 the attack suites (each at its own path)
     * @param folders  where kernels' private folders are made (a folder of {@code base})
     */
    static KernelSandbox open(KernelSettings.Isolation settings, List<Path> readOnly, Path base, Path folders,
                              Spawner spawner, Duration timeout) {
        if (!settings.sandbox()) {
            return new Unsandboxed("Kernels run without a sandbox, as the settings ask");
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new Unsandboxed("Kernels run without a sandbox: it needs Linux (user namespaces), and this is "
                    + System.getProperty("os.name"));
        }
        var bwrap = onPath(settings.bubblewrap());
        var nsenter = onPath(settings.nsenter());
        var mount = onPath(Path.of("mount"));
        if (bwrap.isEmpty()) {
            return new Unsandboxed("Kernels run without a sandbox: bubblewrap (" + settings.bubblewrap()
                    + ") is not installed; install the bubblewrap package");
        }
        if (nsenter.isEmpty() || mount.isEmpty()) {
            return new Unsandboxed("Kernels run without a sandbox: util-linux's nsenter and mount are missing;"
                    + " install the util-linux package");
        }
        var tools = new Tools(bwrap.get(), nsenter.get(), mount.get());
        Process holder = null;
        try {
            var view = Files.createDirectories(base.resolve("view"));
            Files.createDirectories(folders);
            var shown = new ArrayList<>(readOnly);
            shown.addAll(unpackedDatabases());
            if (!settings.ownNetwork()) {
                // The machine's network needs its resolver, which /etc/resolv.conf often names by a
                // symbolic link into /run (systemd-resolved), outside the view.
                resolverFile().ifPresent(shown::add);
            }
            holder = spawner.start(new ProcessBuilder(holderCommand(tools, view, folders, shown)).redirectErrorStream(true));
            var line = firstLine(holder, timeout);
            if (!line.startsWith("ready ")) {
                throw new IOException(line.isBlank() ? "bubblewrap exited with status " + exitOf(holder) : line);
            }
            var sandbox = new BubblewrapSandbox(spawner, holder, Long.parseLong(line.substring(6).strip()), view, tools,
                    settings.ownNetwork(), owner("uid"), owner("gid"), timeout, shown);
            sandbox.probe(Files.createDirectory(folders.resolve("probe")));
            return sandbox;
        } catch (IOException | RuntimeException e) {
            if (holder != null) {
                stop(holder);
            }
            return new Unsandboxed("Kernels run WITHOUT a sandbox, so a cell can reach the server's process and files:"
                    + " bubblewrap could not make one (" + oneLine(e.getMessage()) + ")");
        }
    }

    /**
     * The helper: {@code bwrap} as root of a user namespace of its own (allowed to mount there, and
     * nowhere else), seeing the whole machine, holding the kernels' folders as a shared mount and
     * building the read-only view kernels start from.
     */
    private static List<String> holderCommand(Tools tools, Path view, Path folders, List<Path> readOnly) {
        var command = new ArrayList<>(List.of(tools.bubblewrap().toString(),
                "--unshare-user", "--uid", "0", "--gid", "0", "--cap-add", "CAP_SYS_ADMIN", "--die-with-parent",
                "--dev-bind", "/", "/", "--bind", folders.toString(), folders.toString(), "--tmpfs", view.toString()));
        var bound = new ArrayList<Path>();
        for (var name : SYSTEM) {
            var folder = Path.of(name);
            if (Files.isSymbolicLink(folder)) {
                try {
                    command.addAll(List.of("--symlink", Files.readSymbolicLink(folder).toString(), inView(view, folder)));
                    bound.add(folder);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isDirectory(folder)) {
                command.addAll(List.of("--ro-bind", name, inView(view, folder)));
                bound.add(folder);
            }
        }
        // Mount points for each kernel's own, and a home folder, so the JVM's user.home exists.
        for (var folder : List.of("/proc", "/dev", "/tmp", INSIDE.toString(), System.getProperty("user.home", "/"))) {
            var path = Path.of(folder).toAbsolutePath().normalize();
            if (bound.stream().noneMatch(path::startsWith)) {
                command.addAll(List.of("--dir", inView(view, path)));
            }
        }
        for (var path : readOnly) {
            var absolute = path.toAbsolutePath().normalize();
            if (Files.exists(absolute) && bound.stream().noneMatch(absolute::startsWith)) {
                command.addAll(List.of("--ro-bind", absolute.toString(), inView(view, absolute)));
            }
        }
        command.addAll(List.of("--", "/bin/sh", "-c", HOLDER_SCRIPT, "rampart-sandbox", folders.toString(), tools.mount().toString()));
        return command;
    }

    private static String inView(Path view, Path path) {
        return view + path.toAbsolutePath().normalize().toString();
    }

    /** A kernel's folder can be made, entered and run in: the whole chain works on this host. */
    private void probe(Path folder) throws IOException {
        try {
            var probe = spawner.start(new ProcessBuilder(command(folder, List.of("/bin/sh", "-c", "exit 0"))).redirectErrorStream(true));
            var output = CompletableFuture.supplyAsync(() -> readAll(probe));
            if (!probe.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(probe);
                throw new IOException("a sandboxed test process did not end within " + timeout.toSeconds() + " s");
            }
            if (probe.exitValue() != 0) {
                throw new IOException(output.get(5, TimeUnit.SECONDS).strip() + " (status " + probe.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying the sandbox", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("a sandboxed test process failed: " + e, e);
        } finally {
            // bubblewrap leaves mount points behind in the private /tmp (paths under /tmp shown again on top of it).
            KernelProcess.removeFolder(folder);
        }
    }

    @Override
    public KernelIsolation isolation() {
        return isolation;
    }

    @Override
    public Path socket(Path folder) {
        return INSIDE.resolve("k.sock");
    }

    @Override
    public List<String> command(Path folder, List<String> java) throws IOException {
        for (var name : List.of("tmp", "shm", "workspace")) {
            Files.createDirectory(folder.resolve(name));
        }
        var command = new ArrayList<>(List.of(nsenter.toString(), "--target", String.valueOf(holderPid), "--user", "--mount",
                "--preserve-credentials", "--", bubblewrap.toString(),
                "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"));
        if (ownNetwork) {
            command.add("--unshare-net");
        }
        command.addAll(List.of("--uid", String.valueOf(uid), "--gid", String.valueOf(gid), "--cap-drop", "ALL",
                "--die-with-parent", "--new-session",
                "--ro-bind", view.toString(), "/",
                "--proc", "/proc", "--dev", "/dev",
                "--bind", folder.toString(), INSIDE.toString(),
                "--bind", folder.resolve("tmp").toString(), "/tmp",
                "--bind", folder.resolve("shm").toString(), "/dev/shm",
                "--chdir", INSIDE.toString()));
        for (var path : underTmp) {
            // A class path, or the unpacked suites, in the machine's /tmp: the kernel's own /tmp hides
            // the view's, so they go back on top of it, read-only, at the same paths.
            command.addAll(List.of("--ro-bind", inView(view, path), path.toString()));
        }
        command.add("--");
        command.addAll(java);
        return command;
    }

    @Override
    public void admit(Path folder, Path workspace) throws IOException {
        var slot = folder.resolve("workspace");
        var command = List.of(nsenter.toString(), "--target", String.valueOf(holderPid), "--user", "--mount",
                "--preserve-credentials", "--", mount.toString(), "--bind", workspace.toRealPath().toString(), slot.toString());
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            var output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new IOException("Mounting the workspace into the kernel's sandbox took more than " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("Could not mount the workspace into the kernel's sandbox"
                        + (holder.isAlive() ? "" : " (its helper process has ended: restart the server)") + ": "
                        + oneLine(output.get(5, TimeUnit.SECONDS)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while mounting the workspace", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Could not mount the workspace into the kernel's sandbox: " + e, e);
        }
    }

    @Override
    public Path workspace(Path workspace) {
        return WORKSPACE;
    }

    /** bwrap outside (the kernel's process for the server), its init inside (pid 1 there), then the JVM. */
    @Override
    public ProcessHandle jvm(Process started) {
        return started.children().findFirst().flatMap(init -> init.children().findFirst()).orElse(started.toHandle());
    }

    @Override
    public void close() {
        stop(holder);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * PostgreSQL binaries the embedded database of the katas' class path has already unpacked on
     * this machine ({@code java.io.tmpdir/embedded-pg/PG-<digest>}, complete once it holds
     * {@code .exists}), shown read-only at the same path: each kernel's {@code /tmp} is its own,
     * and unpacking 60 MB again in every kernel that opens a database costs seconds. Only folders
     * of this user: a binary someone else put there is not run. A version not found here is
     * unpacked into the kernel's own {@code /tmp}, as before.
     */
    private static List<Path> unpackedDatabases() {
        var cache = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (var folders = Files.list(cache)) {
            long me = owner("uid");
            return folders.filter(folder -> folder.getFileName().toString().startsWith("PG-"))
                    .filter(folder -> Files.isRegularFile(folder.resolve(".exists")))
                    .filter(folder -> {
                        try {
                            return ((Number) Files.getAttribute(folder, "unix:uid")).longValue() == me;
                        } catch (IOException | UnsupportedOperationException e) {
                            return false;
                        }
                    })
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Path> resolverFile() {
        try {
            var real = Path.of("/etc/resolv.conf").toRealPath();
            return real.startsWith("/etc") ? Optional.empty() : Optional.of(real);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath(Path program) {
        if (program.isAbsolute() || program.getNameCount() > 1) {
            return Optional.of(program).filter(Files::isExecutable);
        }
        var path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
        for (var folder : path.split(File.pathSeparator)) {
            if (!folder.isBlank()) {
                var candidate = Path.of(folder).resolve(program);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The server's own uid or gid, which kernels keep inside the sandbox (files they write are the learner's). */
    private static long owner(String attribute) throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:" + attribute)).longValue();
    }

    private static String firstLine(Process process, Duration timeout) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var line = CompletableFuture.supplyAsync(() -> {
            try {
                var first = reader.readLine();
                if (first == null || first.startsWith("ready ")) {
                    return first == null ? "" : first;
                }
                var rest = new StringBuilder(first);
                for (var next = reader.readLine(); next != null && rest.length() < 2000; next = reader.readLine()) {
                    rest.append(' ').append(next);
                }
                return rest.toString();
            } catch (IOException e) {
                return e.getMessage();
            }
        });
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("its helper did not start within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the sandbox", e);
        }
    }

    private static String readAll(Process process) {
        try (var in = process.getInputStream()) {
            return new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String exitOf(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(unknown)";
        }
    }

    private static String oneLine(String text) {
        var line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it is being stopped anyway
        }
        StrayProcesses.kill(process);
    }
}
