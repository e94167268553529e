package dev.davit.codegen.buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny byte-coded ISA for exercising {@link MachBuffer}: {@code 90 id} an observable event,
 * {@code C3 id} return, {@code E9 rel32} jump, {@code 0F cc rel32} conditional jump where condition
 * {@code cc ^ 1} is the negation of {@code cc}. Displacements are relative to the instruction's end.
 */
final class ToyIsa {
    private ToyIsa() {}

    static final LabelUse REL32 = new LabelUse() {
        @Override
        public int patchSize() {
            return 4;
        }

        @Override
        public long maxPosRange() {
            return Integer.MAX_VALUE;
        }

        @Override
        public long maxNegRange() {
            return Integer.MAX_VALUE;
        }

        @Override
        public void patch(byte[] code, int useOffset, int labelOffset) {
            int v = labelOffset - (useOffset + 4);
            code[useOffset] = (byte) v;
            code[useOffset + 1] = (byte) (v >>> 8);
            code[useOffset + 2] = (byte) (v >>> 16);
            code[useOffset + 3] = (byte) (v >>> 24);
        }

        @Override
        public String toString() {
            return "Rel32";
        }
    };

    /** A use that can only reach 100 bytes forward, to test range checks. */
    static final LabelUse SHORT = new LabelUse() {
        @Override
        public int patchSize() {
            return 1;
        }

        @Override
        public long maxPosRange() {
            return 100;
        }

        @Override
        public long maxNegRange() {
            return 0;
        }

        @Override
        public void patch(byte[] code, int useOffset, int labelOffset) {
            code[useOffset] = (byte) (labelOffset - useOffset);
        }
    };

    /**
     * A one-byte displacement relative to the end of the field (the end of the instruction):
     * reaches 128 bytes forward and 127 back from the field; veneer: {@code E9 rel32}.
     */
    static final LabelUse SHORT_BR = new LabelUse() {
        @Override
        public int patchSize() {
            return 1;
        }

        @Override
        public long maxPosRange() {
            return 128;
        }

        @Override
        public long maxNegRange() {
            return 127;
        }

        @Override
        public void patch(byte[] code, int useOffset, int labelOffset) {
            code[useOffset] = (byte) (labelOffset - (useOffset + 1));
        }

        @Override
        public boolean supportsVeneer() {
            return true;
        }

        @Override
        public int veneerSize() {
            return 5;
        }

        @Override
        public int generateVeneer(byte[] code, int useOffset, int veneerOffset) {
            patch(code, useOffset, veneerOffset);
            code[veneerOffset] = (byte) 0xE9;
            return veneerOffset + 1;
        }

        @Override
        public LabelUse veneerUse() {
            return REL32;
        }

        @Override
        public String toString() {
            return "ShortBr";
        }
    };

    /** Short unconditional jump {@code EB d8}. */
    static void jmpShort(MachBuffer b, int label) {
        b.addUncondBranch(label, SHORT_BR, 1, 2);
        b.put1(0xEB);
        b.put1(0);
    }

    /** Short conditional jump {@code 7C cc d8}. */
    static void jccShort(MachBuffer b, int cc, int label) {
        b.addCondBranch(label, SHORT_BR, 2, 3, new byte[] {0x7C, (byte) (cc ^ 1), 0});
        b.put1(0x7C);
        b.put1(cc);
        b.put1(0);
    }

    /** {@code 91 n} followed by {@code n - 2} filler bytes: n bytes that do nothing. */
    static void pad(MachBuffer b, int n) {
        b.put1(0x91);
        b.put1(n);
        for (int i = 2; i < n; i++) {
            b.put1(0xCC);
        }
    }

    static void event(MachBuffer b, int id) {
        b.put1(0x90);
        b.put1(id);
    }

    static void ret(MachBuffer b, int id) {
        b.put1(0xC3);
        b.put1(id);
    }

    static void jmp(MachBuffer b, int label) {
        b.addUncondBranch(label, REL32, 1, 5);
        b.put1(0xE9);
        b.put4(0);
    }

    static void jcc(MachBuffer b, int cc, int label) {
        b.addCondBranch(label, REL32, 2, 6, new byte[] {0x0F, (byte) (cc ^ 1), 0, 0, 0, 0});
        b.put1(0x0F);
        b.put1(cc);
        b.put4(0);
    }

    static int rel32(byte[] code, int at) {
        return (code[at] & 0xFF) | (code[at + 1] & 0xFF) << 8 | (code[at + 2] & 0xFF) << 16 | code[at + 3] << 24;
    }

    /** Result of running code symbolically: events seen, then how it ended. */
    record Trace(List<Integer> events, String end) {}

    /**
     * Runs from {@code pc}; condition {@code cc} holds when a bit derived from {@code seed}, the
     * condition and the number of events so far is set, so runs of equivalent code see the same
     * condition values.
     */
    static Trace run(byte[] code, int pc, long seed, int maxEvents, int maxSteps) {
        List<Integer> events = new ArrayList<>();
        for (int steps = 0; steps < maxSteps; steps++) {
            if (pc < 0 || pc >= code.length) {
                return new Trace(events, "fell off at " + pc);
            }
            int op = code[pc] & 0xFF;
            switch (op) {
                case 0x90 -> {
                    events.add(code[pc + 1] & 0xFF);
                    if (events.size() >= maxEvents) {
                        return new Trace(events, "event cap");
                    }
                    pc += 2;
                }
                case 0xC3 -> {
                    return new Trace(events, "ret " + (code[pc + 1] & 0xFF));
                }
                case 0xE9 -> pc = pc + 5 + rel32(code, pc + 1);
                case 0xEB -> pc = pc + 2 + code[pc + 1];
                case 0x91 -> pc += code[pc + 1] & 0xFF;
                case 0x0F, 0x7C -> {
                    int len = op == 0x0F ? 6 : 3;
                    int disp = op == 0x0F ? rel32(code, pc + 2) : code[pc + 2];
                    int cc = code[pc + 1] & 0xFF;
                    long h = seed * 0x9E3779B97F4A7C15L + (cc >> 1) * 0xC2B2AE3D27D4EB4FL + events.size() * 0x165667B19E3779F9L;
                    h ^= h >>> 29;
                    boolean taken = ((h >>> 7) & 1) != (cc & 1);
                    pc = taken ? pc + len + disp : pc + len;
                }
                default -> {
                    return new Trace(events, "bad opcode " + op + " at " + pc);
                }
            }
        }
        return new Trace(events, "step limit");
    }
}
