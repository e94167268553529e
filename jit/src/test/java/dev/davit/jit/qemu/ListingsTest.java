package dev.davit.jit.qemu;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The hand-written words are what GNU as makes of the assembly next to them: harness and samples. */
class ListingsTest {
    @Test
    void harnessMatchesTheAssembler() throws Exception {
        assumeTrue(Gas.available(), () -> Gas.missing().orElseThrow());
        assertArrayEquals(Gas.assemble(Listing.assembly(Harness.LISTING)), Harness.CODE);
    }

    @Test
    void samplesMatchTheAssembler() throws Exception {
        assumeTrue(Gas.available(), () -> Gas.missing().orElseThrow());
        for (Map.Entry<String, String> e : A64Samples.all().entrySet())
            assertArrayEquals(Gas.assemble(Listing.assembly(e.getValue())), Listing.code(e.getValue()), e.getKey());
    }

    @Test
    void listingParsing() {
        String l = """
                start:
                8b010000  add x0, x0, x1   // deadbeef is no word here
                00000000 00000001 .quad 0x100000000
                end:
                """;
        assertArrayEquals(new byte[] {0, 0, 1, (byte) 0x8b, 0, 0, 0, 0, 1, 0, 0, 0}, Listing.code(l));
        assertEquals(0, Listing.labelOffset(l, "start"));
        assertEquals(12, Listing.labelOffset(l, "end"));
        assertEquals(-1, Listing.labelOffset(l, "nowhere"));
        assertEquals("start:\nadd x0, x0, x1   // deadbeef is no word here\n.quad 0x100000000\nend:\n", Listing.assembly(l));
    }

    @Test
    void harnessConstantsAgreeWithItsCode() {
        // The control-slot literal is 8-aligned and the last thing in the code.
        assertEquals(Harness.CODE.length - 8, Harness.CTL_SLOT);
        assertEquals(0, Harness.ENTRY_SIZE % 16, "q loads need 16-byte aligned entries");
        assertEquals(0, Harness.RECORD_SIZE % 16);
        assertEquals(0, Harness.CTL_TABLE % 16);
    }
}
