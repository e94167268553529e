package dev.davit.jit.isolated;

import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.jit.JitModule;
import dev.davit.jit.ModuleImage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link IsolatedExecutor}: loads modules and calls their functions in
 * process, one request at a time, answering on its standard output. A trap kills it; that is the
 * point. Not meant to be started by hand: {@code main(parentPid)}.
 */
public final class IsolatedWorker {
    private final Map<Integer, JitModule> modules = new HashMap<>();

    private IsolatedWorker() {}

    public static void main(String[] args) throws Exception {
        // The protocol owns fd 1; anything else printed goes to stderr instead of corrupting it.
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        if (args.length > 0) watchParent(Long.parseLong(args[0]));
        boolean handlers;
        try {
            handlers = TrapHandlers.install();
        } catch (RuntimeException | Error e) {
            System.err.println("davit-jit worker: trap handlers not installed: " + e);
            handlers = false;
        }
        out.writeInt(Protocol.MAGIC);
        out.writeBoolean(handlers);
        out.flush();
        int status = new IsolatedWorker().serve(in, out);
        out.flush();
        Runtime.getRuntime().halt(status);
    }

    /** A call stuck in an endless loop never reads EOF: this ends the worker when the executor's JVM is gone. */
    private static void watchParent(long pid) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false) Runtime.getRuntime().halt(3);
            }
        }, "davit-jit-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private int serve(DataInputStream in, DataOutputStream out) throws IOException {
        while (true) {
            int op;
            try {
                op = in.readUnsignedByte();
            } catch (EOFException e) {
                return 0;
            }
            switch (op) {
                case Protocol.LOAD -> {
                    int id = in.readInt();
                    ModuleImage image = Protocol.readImage(in);
                    try {
                        JitModule old = modules.put(id, JitModule.load(image));
                        if (old != null) old.close();
                        out.writeByte(Protocol.OK);
                    } catch (RuntimeException e) {
                        error(out, e);
                    }
                }
                case Protocol.UNLOAD -> {
                    JitModule m = modules.remove(in.readInt());
                    if (m != null) m.close();
                    out.writeByte(Protocol.OK);
                }
                case Protocol.CALL -> {
                    int id = in.readInt();
                    int fn = in.readInt();
                    Signature sig = Protocol.readSignature(in);
                    List<DataValue> args = Protocol.readValues(in);
                    JitModule m = modules.get(id);
                    if (m == null) {
                        out.writeByte(Protocol.ERROR);
                        out.writeUTF("no module " + id + " in worker");
                    } else if (fn < 0 || fn >= m.functionCount()) {
                        out.writeByte(Protocol.ERROR);
                        out.writeUTF("no function " + fn + " in module " + id);
                    } else {
                        List<DataValue> results;
                        try {
                            results = m.call(fn, sig, args);
                        } catch (RuntimeException e) {
                            error(out, e);
                            break;
                        }
                        out.writeByte(Protocol.RESULT);
                        Protocol.writeValues(out, results);
                    }
                }
                case Protocol.CALL_BUFFER -> {
                    int id = in.readInt();
                    int fn = in.readInt();
                    Signature sig = Protocol.readSignature(in);
                    List<DataValue> args = Protocol.readValues(in);
                    List<Type> types = Protocol.readTypes(in);
                    JitModule m = modules.get(id);
                    if (m == null) {
                        out.writeByte(Protocol.ERROR);
                        out.writeUTF("no module " + id + " in worker");
                    } else if (fn < 0 || fn >= m.functionCount()) {
                        out.writeByte(Protocol.ERROR);
                        out.writeUTF("no function " + fn + " in module " + id);
                    } else {
                        List<DataValue> results;
                        try {
                            results = callWithBuffer(m, fn, sig, args, types);
                        } catch (RuntimeException e) {
                            error(out, e);
                            break;
                        }
                        out.writeByte(Protocol.RESULT);
                        Protocol.writeValues(out, results);
                    }
                }
                case Protocol.QUIT -> {
                    out.writeByte(Protocol.OK);
                    return 0;
                }
                default -> {
                    System.err.println("davit-jit worker: bad request " + op);
                    return 2;
                }
            }
            out.flush();
        }
    }

    private static List<DataValue> callWithBuffer(JitModule m, int fn, Signature sig, List<DataValue> args, List<Type> types) {
        try (Arena arena = Arena.ofConfined()) {
            // Arena memory starts zeroed, so a slot the function leaves alone reads as 0.
            MemorySegment buf = arena.allocate((long) Math.max(1, types.size()) * Protocol.RESULT_SLOT, Protocol.RESULT_SLOT);
            List<DataValue> all = new ArrayList<>(args.size() + 1);
            all.add(DataValue.ofInt(Type.I64, buf.address()));
            all.addAll(args);
            m.call(fn, sig, all);
            List<DataValue> results = new ArrayList<>(types.size());
            for (int k = 0; k < types.size(); k++) {
                long off = (long) k * Protocol.RESULT_SLOT;
                long lo = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
                long hi = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, off + 8);
                // The record keeps only the type's width, as a narrow return register is read.
                results.add(new DataValue(types.get(k), lo, hi));
            }
            return results;
        }
    }

    private static void error(DataOutputStream out, RuntimeException e) throws IOException {
        out.writeByte(Protocol.ERROR);
        String msg = e.getMessage();
        out.writeUTF(e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
    }
}
