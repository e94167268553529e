package dev.davit.codegen.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * The embedded default store: one file per entry in a directory that several processes may share.
 *
 * <ul>
 *   <li>Content-addressed: entry {@code K} is {@code ROOT/v1/K[0..2]/K[2..]}, the two-character
 *       fan-out keeping directories small.</li>
 *   <li>Each file is written under a temporary name in the same directory and renamed into place, so
 *       a reader (in this or another process) sees the old file, the new file, or none, never a
 *       partial one. Two writers of one key both write complete entries; the last rename wins.</li>
 *   <li>A file carries a header (magic {@code DVDS}, version, payload length, CRC32C of the payload):
 *       a file damaged on disk reads as a miss and is deleted, whatever its payload format.</li>
 *   <li>Size-bounded: when this process's running total passes the bound, it takes an exclusive
 *       lock on {@code ROOT/.evict.lock} (so one process evicts at a time), rescans the directory to
 *       count every process's entries, and deletes least recently used files (by modification time,
 *       which a hit refreshes) down to three quarters of the bound.</li>
 *   <li>A hit refreshes its file's time off the compiling thread: a daemon thread sets the times of
 *       the files hit in the last few milliseconds, and eviction and {@link #close} first do so for
 *       any still waiting. Setting a file's time is a metadata write, as costly as reading the file
 *       (about 10 us each on a virtual machine), and a hit read is otherwise all a hit costs.
 *       Refreshes still waiting when the JVM exits are lost: those entries look as old as their last
 *       refresh.</li>
 *   <li>With write-behind ({@link #DiskStore(Path, long, boolean)}, as {@link #openDefault()} and
 *       {@code clif-util compile --cache DIR} open it), {@link #put} keeps the entry in memory and
 *       the daemon thread writes the file, so a miss does not also wait for four file-system calls
 *       (more than the compile itself on a slow disk). A {@link #get} in this process sees the entry
 *       at once; other processes once it is written. {@link #flush}, {@link #close} and, for stores
 *       not closed, a shutdown hook write whatever waits. Past {@link #MAX_PENDING_BYTES} waiting,
 *       put writes itself. A failed background write is thrown by the next put (so that the
 *       {@link CompileCache} logs it and leaves the store alone for a while) or by flush.</li>
 * </ul>
 */
public final class DiskStore implements CacheStore {
    static final int HEADER = 16;
    private static final int VERSION = 1;
    private static final byte[] MAGIC = {'D', 'V', 'D', 'S'};
    private static final String TMP_PREFIX = ".tmp-";
    /** A temporary file this old was left by a process that died mid-write. */
    private static final long STALE_TMP_MILLIS = 10 * 60_000L;
    /** Rescan now and then, since other processes' writes are not in our running total. */
    private static final int RESCAN_EVERY_PUTS = 1024;

    private final Path root;
    private final Path entries;
    private final long maxBytes;
    private final AtomicLong approxBytes = new AtomicLong();
    private final AtomicLong puts = new AtomicLong();
    private final Object evictLock = new Object();
    /** Files hit whose times are not refreshed yet. */
    private final Set<Path> hitSinceRefresh = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refreshScheduled = new AtomicBoolean();
    /** Fan-out directories known to exist, by their number (the key's first byte). */
    private final AtomicIntegerArray knownDirs = new AtomicIntegerArray(256);

    /** Entries waiting to be written (write-behind only), each a copy the caller cannot change. */
    private final ConcurrentHashMap<CacheKey, byte[]> pending = new ConcurrentHashMap<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean writesScheduled = new AtomicBoolean();
    private final Object drainLock = new Object();
    private final AtomicReference<IOException> writeFailure = new AtomicReference<>();
    private final boolean writeBehind;

    /** Bytes of entries that may wait to be written before put writes them itself. */
    public static final long MAX_PENDING_BYTES = 64L << 20;

    /** Write-behind stores with entries waiting, written by a shutdown hook if still there. */
    private static final Set<DiskStore> UNFLUSHED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (DiskStore s : UNFLUSHED) s.writePending();
        }, "davit-disk-cache-flush"));
    }

    /** How long hits gather before their times are set, in milliseconds. */
    private static final long REFRESH_DELAY_MILLIS = 20;

    /** One daemon thread for every store's refreshes and background writes; started when first needed. */
    private static final class Background {
        static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "davit-disk-cache");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (creating if needed) a store in {@code root} bounded to {@code maxBytes}.
     *
     * @throws IOException if the directory cannot be created or read
     */
    public DiskStore(Path root, long maxBytes) throws IOException { this(root, maxBytes, false); }

    /**
     * As {@link #DiskStore(Path, long)}; with {@code writeBehind}, entries are written by a daemon
     * thread after put returns (see the class comment).
     */
    public DiskStore(Path root, long maxBytes, boolean writeBehind) throws IOException {
        if (maxBytes <= 0) throw new IllegalArgumentException("bound must be positive");
        this.writeBehind = writeBehind;
        this.root = root;
        this.entries = root.resolve("v" + VERSION);
        this.maxBytes = maxBytes;
        Files.createDirectories(entries);
        approxBytes.set(scan(null));
    }

    /** A store in {@link #defaultDirectory()}, bounded to 1 GiB. */
    public static DiskStore openDefault() throws IOException { return new DiskStore(defaultDirectory(), 1L << 30, true); }

    /**
     * The per-user cache directory, as each platform has it: {@code $XDG_CACHE_HOME/davit} or
     * {@code ~/.cache/davit} on Linux, {@code ~/Library/Caches/davit} on macOS,
     * {@code %LOCALAPPDATA%\davit\cache} on Windows.
     */
    public static Path defaultDirectory() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String home = System.getProperty("user.home", ".");
        if (os.startsWith("windows")) {
            String local = System.getenv("LOCALAPPDATA");
            return Path.of(local != null ? local : home, "davit", "cache");
        }
        if (os.startsWith("mac")) return Path.of(home, "Library", "Caches", "davit");
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isEmpty() ? Path.of(xdg, "davit") : Path.of(home, ".cache", "davit");
    }

    public Path root() { return root; }

    Path pathOf(CacheKey key) {
        String h = key.hex();
        return entries.resolve(h.substring(0, 2)).resolve(h.substring(2));
    }

    @Override
    public byte[] get(CacheKey key) throws IOException {
        byte[] waiting = pending.get(key);
        if (waiting != null) return waiting.clone();
        Path p = pathOf(key);
        byte[] d;
        try {
            d = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        }
        byte[] payload = unwrap(d);
        if (payload == null) {
            deleteQuietly(p);
            return null;
        }
        hitSinceRefresh.add(p);
        if (refreshScheduled.compareAndSet(false, true)) {
            try {
                Background.EXECUTOR.schedule(this::refreshTimes, REFRESH_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                refreshTimes();
            }
        }
        return payload;
    }

    /** Sets the time of every file hit since the last refresh to now: those are the most recently used. */
    private void refreshTimes() {
        refreshScheduled.set(false); // a hit from here on schedules another refresh
        FileTime now = FileTime.fromMillis(System.currentTimeMillis());
        for (Iterator<Path> it = hitSinceRefresh.iterator(); it.hasNext(); ) {
            Path p = it.next();
            it.remove();
            try {
                Files.setLastModifiedTime(p, now);
            } catch (IOException | RuntimeException e) {
                // Evicted by another process since it was read, or a read-only cache: the hit stood.
            }
        }
    }

    /** Writes the entries waiting and refreshes the times of files hit but not refreshed yet. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            refreshTimes();
        }
    }

    /** Writes every entry waiting (write-behind); throws the first write that failed since the last report. */
    @Override
    public void flush() throws IOException {
        writePending();
        IOException failed = writeFailure.getAndSet(null);
        if (failed != null) throw failed;
    }

    @Override
    public void put(CacheKey key, byte[] value) throws IOException {
        IOException failed = writeFailure.getAndSet(null);
        if (failed != null) throw failed;
        if (!writeBehind || pendingBytes.get() + value.length > MAX_PENDING_BYTES) {
            writeFile(key, value);
            return;
        }
        byte[] copy = value.clone();
        byte[] old = pending.put(key, copy);
        pendingBytes.addAndGet(copy.length - (old == null ? 0 : old.length));
        UNFLUSHED.add(this);
        if (writesScheduled.compareAndSet(false, true)) {
            try {
                Background.EXECUTOR.execute(this::writePending);
            } catch (RejectedExecutionException e) {
                writePending();
            }
        }
    }

    /**
     * Writes the entries waiting; failures are kept for the next put or flush to throw. One drain at
     * a time (the daemon's, or a flush that then waits for it), so that an entry gone from
     * {@link #pending} when its write ends was removed, not written by another drain.
     */
    private void writePending() {
        synchronized (drainLock) {
            drain();
        }
    }

    private void drain() {
        writesScheduled.set(false); // a put from here on schedules another round
        for (Map.Entry<CacheKey, byte[]> e : pending.entrySet()) {
            CacheKey k = e.getKey();
            byte[] v = e.getValue();
            try {
                writeFile(k, v);
            } catch (IOException ex) {
                writeFailure.compareAndSet(null, ex);
            } catch (RuntimeException ex) {
                writeFailure.compareAndSet(null, new IOException(ex));
            }
            if (pending.remove(k, v)) pendingBytes.addAndGet(-v.length);
            else if (!pending.containsKey(k)) deleteQuietly(pathOf(k)); // removed while it was written
        }
        if (pending.isEmpty()) UNFLUSHED.remove(this);
    }

    private void writeFile(CacheKey key, byte[] value) throws IOException {
        Path p = pathOf(key);
        Path dir = p.getParent();
        int fan = key.firstByte(); // names the directory
        if (knownDirs.get(fan) == 0) {
            Files.createDirectories(dir);
            knownDirs.set(fan, 1);
        }
        Path tmp = dir.resolve(TMP_PREFIX + p.getFileName() + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        byte[] file = wrap(value);
        try {
            try {
                Files.write(tmp, file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                // The directory was removed under us (by hand, or another process): make it again.
                knownDirs.set(fan, 0);
                Files.createDirectories(dir);
                knownDirs.set(fan, 1);
                Files.write(tmp, file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            try {
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        long total = approxBytes.addAndGet(file.length);
        if (total > maxBytes || puts.incrementAndGet() % RESCAN_EVERY_PUTS == 0) evict();
    }

    @Override
    public void remove(CacheKey key) throws IOException {
        byte[] old = pending.remove(key);
        if (old != null) pendingBytes.addAndGet(-old.length);
        Files.deleteIfExists(pathOf(key));
    }

    /** Bytes of entry files, as last counted plus what this process wrote since. */
    public long approximateSizeBytes() { return approxBytes.get(); }

    public long maxBytes() { return maxBytes; }

    /** Rescans the directory and, if over the bound, deletes the least recently used entries. */
    public void evict() throws IOException {
        refreshTimes(); // so that this process's recent hits count
        synchronized (evictLock) {
            try (FileChannel ch = FileChannel.open(root.resolve(".evict.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = tryLock(ch)) {
                if (lock == null) return; // another process (or store on this root) is evicting
                List<FileInfo> files = new ArrayList<>();
                long total = scan(files);
                if (total > maxBytes) {
                    FileInfo[] byAge = files.toArray(new FileInfo[0]);
                    Arrays.sort(byAge, (a, b) -> Long.compare(a.mtime, b.mtime));
                    long target = maxBytes / 4 * 3;
                    for (int i = 0; i < byAge.length && total > target; i++) {
                        if (deleteQuietly(byAge[i].path)) total -= byAge[i].size;
                    }
                }
                approxBytes.set(total);
            }
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // another DiskStore of this JVM on the same root holds it
        }
    }

    private record FileInfo(Path path, long size, long mtime) {}

    /** Total bytes of entry files; collects them when asked; deletes stale temporary files. */
    private long scan(List<FileInfo> out) throws IOException {
        long total = 0;
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(entries)) {
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) continue;
                try (DirectoryStream<Path> fs = Files.newDirectoryStream(dir)) {
                    for (Path f : fs) {
                        BasicFileAttributes a;
                        try {
                            a = Files.readAttributes(f, BasicFileAttributes.class);
                        } catch (NoSuchFileException e) {
                            continue; // renamed or evicted meanwhile
                        }
                        long mtime = a.lastModifiedTime().toMillis();
                        if (f.getFileName().toString().startsWith(TMP_PREFIX)) {
                            if (now - mtime > STALE_TMP_MILLIS) deleteQuietly(f);
                            continue;
                        }
                        total += a.size();
                        if (out != null) out.add(new FileInfo(f, a.size(), mtime));
                    }
                } catch (NoSuchFileException e) {
                    // a fan-out directory removed by someone else
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return total;
    }

    static byte[] wrap(byte[] payload) {
        byte[] f = new byte[HEADER + payload.length];
        System.arraycopy(MAGIC, 0, f, 0, 4);
        f[4] = 0;
        f[5] = VERSION;
        CompiledCodeCodec.putU32(f, 8, payload.length);
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length);
        CompiledCodeCodec.putU32(f, 12, (int) crc.getValue());
        System.arraycopy(payload, 0, f, HEADER, payload.length);
        return f;
    }

    /** The payload of a well-formed file, or null. */
    static byte[] unwrap(byte[] f) {
        if (f.length < HEADER || f[0] != MAGIC[0] || f[1] != MAGIC[1] || f[2] != MAGIC[2] || f[3] != MAGIC[3]) return null;
        if (CompiledCodeCodec.getU16(f, 4) != VERSION || CompiledCodeCodec.getU16(f, 6) != 0) return null;
        int len = CompiledCodeCodec.getU32(f, 8);
        if (len < 0 || len != f.length - HEADER) return null;
        CRC32C crc = new CRC32C();
        crc.update(f, HEADER, len);
        if ((int) crc.getValue() != CompiledCodeCodec.getU32(f, 12)) return null;
        return Arrays.copyOfRange(f, HEADER, f.length);
    }

    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String describe() { return "disk:" + root; }
}
