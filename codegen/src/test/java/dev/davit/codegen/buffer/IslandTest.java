package dev.davit.codegen.buffer;

import static dev.davit.codegen.buffer.ToyIsa.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Islands and veneers, with the toy ISA's 8-bit branches. */
class IslandTest {
    /** Emits {@code n} bytes of padding in chunks, placing islands (jumped over) when needed. */
    private static void padWithIslands(MachBuffer b, int n) {
        while (n > 0) {
            int chunk = Math.min(n, 20);
            if (b.islandNeeded(chunk + 5)) {
                int over = b.getLabel();
                jmp(b, over);
                b.emitIsland(chunk + 5);
                b.bindLabel(over);
            }
            pad(b, Math.max(chunk, 2));
            n -= chunk;
        }
    }

    @Test
    void noIslandWithoutShortUses() {
        MachBuffer b = new MachBuffer();
        jmp(b, b.getLabel());
        assertFalse(b.islandNeeded(1 << 20));
    }

    @Test
    void farForwardShortBranchGoesThroughAVeneer() {
        MachBuffer b = new MachBuffer();
        int target = b.getLabel();
        event(b, 1);
        jmpShort(b, target);
        padWithIslands(b, 1000);
        b.bindLabel(target);
        ret(b, 7);
        MachBufferFinalized f = b.finish();
        Trace t = run(f.bytes(), 0, 0, 10, 1000);
        assertEquals(new Trace(List.of(1), "ret 7"), t);
        assertEquals(0xEB, f.byteAt(2));
    }

    @Test
    void nearForwardShortBranchIsPatchedDirectly() {
        MachBuffer b = new MachBuffer();
        int target = b.getLabel();
        jmpShort(b, target);
        pad(b, 50);
        b.bindLabel(target);
        ret(b, 3);
        MachBufferFinalized f = b.finish();
        assertEquals(52, f.totalSize() - 2);
        assertEquals(50, f.byteAt(1));
    }

    @Test
    void farBackwardShortBranchGetsAVeneerInTheNextIsland() {
        MachBuffer b = new MachBuffer();
        int top = b.getLabel();
        int exit = b.getLabel();
        b.bindLabel(top);
        event(b, 1);
        jcc(b, 0, exit);
        pad(b, 200);
        jmpShort(b, top); // 200+ bytes back: out of reach
        assertTrue(b.islandNeeded(0));
        b.emitIsland(0);
        b.bindLabel(exit);
        ret(b, 2);
        MachBufferFinalized f = b.finish();
        for (long seed = 0; seed < 8; seed++) {
            Trace t = run(f.bytes(), 0, seed, 5, 10_000);
            assertTrue(t.events().stream().allMatch(e -> e == 1), t.toString());
        }
    }

    @Test
    void labelsBoundAtTheIslandNameTheCodeAfterIt() {
        MachBuffer b = new MachBuffer();
        int blk = b.getLabel();
        jmpShort(b, blk);
        int c = b.addConstant(0x55L, 1);
        b.bindLabel(b.getLabel()); // keeps the jump from being simplified away: it is not at the tail any more
        ret(b, 0);
        b.bindLabel(blk);
        b.emitIsland(0);
        ret(b, 9);
        MachBufferFinalized f = b.finish();
        assertTrue(f.labelOffset(blk) > f.labelOffset(c), "block label after the island's constant");
        assertEquals(0x55, f.byteAt(f.labelOffset(c)));
        assertEquals(new Trace(List.of(), "ret 9"), run(f.bytes(), 0, 0, 5, 100));
    }

    @Test
    void islandConstantsAreNotReusedAfterwards() {
        MachBuffer b = new MachBuffer();
        int c1 = b.addConstant(42L, 8);
        ret(b, 0);
        b.emitIsland(0);
        int c2 = b.addConstant(42L, 8);
        assertNotEquals(c1, c2);
        ret(b, 1);
        MachBufferFinalized f = b.finish();
        assertTrue(f.labelOffset(c1) < f.labelOffset(c2));
    }

    @Test
    void unbreachableShortUseWithoutVeneerFails() {
        MachBuffer b = new MachBuffer();
        int l = b.getLabel();
        b.put1(0);
        b.useLabelAtOffset(0, l, SHORT);
        assertTrue(b.islandNeeded(200));
        for (int i = 0; i < 200; i++) {
            b.put1(0);
        }
        b.bindLabel(l);
        assertThrows(IllegalStateException.class, b::finish);
    }

    private static final int MAX_BLOCK = 60;

    /**
     * Random control flow with random block sizes, once with 32-bit branches and once with 8-bit
     * branches and islands wherever the buffer asks for them: same behaviour from every block.
     */
    @Property(tries = 1000)
    void shortBranchesWithIslandsBehaveLikeLongBranches(@ForAll long seed) {
        checkSeed(seed);
    }

    /** The generator does produce islands (and veneers) often, not just in corner cases. */
    @Test
    void randomProgramsNeedIslands() {
        int before = islandsPlaced;
        for (long seed = 0; seed < 200; seed++) {
            checkSeed(seed);
        }
        assertTrue(islandsPlaced - before > 50, "islands: " + (islandsPlaced - before));
    }

    private static int islandsPlaced;

    private static void checkSeed(long seed) {
        Random r = new Random(seed);
        int n = 2 + r.nextInt(12);
        int[] padding = new int[n], term = new int[n], t1 = new int[n], t2 = new int[n], cc = new int[n];
        for (int i = 0; i < n; i++) {
            padding[i] = r.nextInt(4) == 0 ? 0 : 2 + r.nextInt(38);
            term[i] = r.nextInt(4);
            t1[i] = r.nextInt(n);
            t2[i] = r.nextInt(n);
            cc[i] = r.nextInt(4);
        }
        term[n - 1] = r.nextBoolean() ? 0 : 1;
        int[] longLabels = new int[n], shortLabels = new int[n];
        MachBufferFinalized a = emitBlocks(false, padding, term, t1, t2, cc, longLabels);
        MachBufferFinalized b = emitBlocks(true, padding, term, t1, t2, cc, shortLabels);
        for (int i = 0; i < n; i++) {
            for (long run = 0; run < 3; run++) {
                Trace ta = run(a.bytes(), a.labelOffset(longLabels[i]), seed + run, 20, 5000);
                Trace tb = run(b.bytes(), b.labelOffset(shortLabels[i]), seed + run, 20, 5000);
                assertEquals(ta, tb, "block " + i);
            }
        }
    }

    private static MachBufferFinalized emitBlocks(boolean shortForm, int[] padding, int[] term, int[] t1, int[] t2,
                                                  int[] cc, int[] labels) {
        MachBuffer b = new MachBuffer();
        int n = padding.length;
        for (int i = 0; i < n; i++) {
            labels[i] = b.getLabel();
        }
        for (int i = 0; i < n; i++) {
            if (shortForm && b.islandNeeded(MAX_BLOCK)) {
                int over = b.getLabel();
                jmp(b, over);
                b.emitIsland(MAX_BLOCK);
                b.bindLabel(over);
                islandsPlaced++;
            }
            b.bindLabel(labels[i]);
            event(b, i);
            if (padding[i] > 0) {
                pad(b, padding[i]);
            }
            switch (term[i]) {
                case 0 -> ret(b, i);
                case 1 -> {
                    if (shortForm) {
                        jmpShort(b, labels[t1[i]]);
                    } else {
                        jmp(b, labels[t1[i]]);
                    }
                }
                case 2 -> {
                    if (shortForm) {
                        jccShort(b, cc[i], labels[t1[i]]);
                        jmpShort(b, labels[t2[i]]);
                    } else {
                        jcc(b, cc[i], labels[t1[i]]);
                        jmp(b, labels[t2[i]]);
                    }
                }
                default -> {
                    if (shortForm) {
                        jccShort(b, cc[i], labels[t1[i]]);
                    } else {
                        jcc(b, cc[i], labels[t1[i]]);
                    }
                }
            }
        }
        return b.finish();
    }
}
