package dev.davit.ir.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.CallConv;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.ExceptionTableData;
import dev.davit.ir.ExternalName;
import dev.davit.ir.Function;
import dev.davit.ir.StackSlotData;
import dev.davit.ir.Type;
import dev.davit.ir.UserExternalName;
import dev.davit.ir.UserFuncName;
import dev.davit.ir.writer.FunctionWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's handling of the parts of the format that are easy to get subtly wrong. */
class ReaderTest {
    static Function one(String text) throws ParseError {
        return ClifParser.parseFunction(text);
    }

    @Test
    void headerLinesAreKeptInOrder() throws ParseError {
        TestFile tf = ClifParser.parseTestFile("""
                ; leading comment
                test compile precise-output
                test run
                set opt_level=speed
                target x86_64 has_sse41 ; trailing
                set enable_simd
                target aarch64
                feature "foo"
                function %f() {
                block0:
                    return
                }
                """, "h.clif");
        assertEquals(List.of(new TestCommand("compile", List.of("precise-output"), 2), new TestCommand("run", List.of(), 3)),
                tf.commands());
        assertEquals(List.of(new IsaLine("set", List.of("opt_level=speed"), 4),
                new IsaLine("target", List.of("x86_64", "has_sse41"), 5),
                new IsaLine("set", List.of("enable_simd"), 6),
                new IsaLine("target", List.of("aarch64"), 7)), tf.isaLines());
        assertEquals(List.of("leading comment", "trailing"), tf.preambleComments().stream().map(Comment::text).toList());
        // Functions of run tests default to the host's calling convention.
        assertEquals(CallConv.SYSTEM_V, tf.functions().get(0).function().signature().callConv());
        assertEquals("h.clif", tf.fileName());
    }

    @Test
    void defaultCallingConventionIsFast() throws ParseError {
        assertEquals(CallConv.FAST, one("function %f() {\n}\n").signature().callConv());
    }

    @Test
    void commentsAttachLikeCranelift() throws ParseError {
        TestFile tf = ClifParser.parseTestFile("""
                ; before
                function %comment() system_v { ; decl
                    ss10 = explicit_slot 13 ; stackslot.
                    ; Still stackslot.
                block0: ; Basic block
                    trap user42; Instruction
                    ; check: trap
                } ; Trailing.
                ; More trailing.
                function %next() {
                }
                """, null);
        assertEquals(List.of("before"), tf.preambleComments().stream().map(Comment::text).toList());
        List<Comment> cs = tf.functions().get(0).details().comments();
        assertEquals(List.of("decl", "stackslot.", "Still stackslot.", "Basic block", "Instruction", "check: trap",
                "Trailing.", "More trailing."), cs.stream().map(Comment::text).toList());
        EntityRef fn = new EntityRef.FunctionRef();
        assertEquals(List.of(fn, new EntityRef.PreambleRef("ss10"), new EntityRef.PreambleRef("ss10"),
                new EntityRef.BlockRef(0), new EntityRef.InstRef(0), new EntityRef.InstRef(0), fn, fn),
                cs.stream().map(Comment::entity).toList());
        assertEquals("; Instruction", cs.get(4).rawText());
        assertEquals(6, cs.get(4).line());
        assertTrue(tf.functions().get(1).details().comments().isEmpty());
    }

    @Test
    void positionsOfInstructionsAndBlocks() throws ParseError {
        ParsedFunction pf = ClifParser.parseTestFile("""
                function %f(i32) -> i32 {
                block3(v0: i32):
                    v1 = iadd v0, v0
                  jump block1

                block1:
                    return v0
                }
                """, null).functions().get(0);
        FunctionDetails d = pf.details();
        assertEquals(1, d.startLine());
        assertEquals(8, d.endLine());
        assertEquals(3, d.instLine(0));
        assertEquals(5, d.instColumn(0));
        assertEquals(4, d.instLine(1));
        assertEquals(3, d.instColumn(1));
        assertEquals(7, d.instLine(2));
        assertEquals(2, d.blockLine(3));
        assertEquals(6, d.blockLine(1));
        assertEquals(-1, d.blockLine(0));
    }

    @Test
    void entityNumbersAreKeptAndPrinted() throws ParseError {
        String text = """
                function %jumptable(i32) fast {
                block10(v3: i32):
                    br_table v3, block50, [block10, block40, block20, block30]

                block20:
                    trap user2

                block30:
                    trap user3

                block40:
                    trap user4

                block50:
                    trap user1
                }
                """;
        Function f = one(text);
        assertEquals(10, f.layout().firstBlock());
        assertEquals(text, FunctionWriter.write(f));
    }

    @Test
    void aliasesPrintAfterTheirTarget() throws ParseError {
        Function f = one("""
                function %basic(i32, i32) -> i32 {
                block0(v0: i32, v1: i32):
                    v2 -> v0
                    v3 -> v1
                    v2 -> v0
                    v4 = iadd.i32 v2, v3
                    return v4
                }
                """);
        assertEquals(0, f.dfg().resolveAliases(2));
        assertEquals(Type.I32, f.dfg().valueType(2));
        assertEquals("""
                function %basic(i32, i32) -> i32 fast {
                block0(v0: i32, v1: i32):
                    v2 -> v0
                    v3 -> v1
                    v4 = iadd v2, v3
                    return v4
                }
                """, FunctionWriter.write(f));
        Function t = one("""
                function %transitive() -> i32 {
                block0:
                    v0 = iconst.i32 0
                    v1 -> v0
                    v2 -> v1
                    v3 -> v2
                    return v3
                }
                """);
        assertEquals("""
                function %transitive() -> i32 fast {
                block0:
                    v0 = iconst.i32 0
                    v1 -> v0
                    v2 -> v1
                    v3 -> v2
                    return v3  ; v3 = 0
                }
                """, FunctionWriter.write(t));
    }

    @Test
    void forwardReferencesInferTypesAfterTheBody() throws ParseError {
        Function f = one("""
                function %fwd() -> i64 {
                block0:
                    jump block2

                block1:
                    v3 = iadd v4, v2
                    v4 = iadd v2, v2
                    return v3

                block2:
                    v2 = iconst.i64 7
                    jump block1
                }
                """);
        DataFlowGraph dfg = f.dfg();
        assertEquals(Type.I64, dfg.valueType(3));
        assertEquals(Type.I64, dfg.valueType(4));
        assertEquals(Type.I64, dfg.ctrlType(1));
        // The suffix is printed whenever the operand is not defined earlier in the same block.
        assertEquals("""
                function %fwd() -> i64 fast {
                block0:
                    jump block2

                block1:
                    v3 = iadd.i64 v4, v2  ; v2 = 7
                    v4 = iadd.i64 v2, v2  ; v2 = 7, v2 = 7
                    return v3

                block2:
                    v2 = iconst.i64 7
                    jump block1
                }
                """, FunctionWriter.write(f));
    }

    @Test
    void iconstImmediatesAreStoredZeroExtendedAndPrintedSigned() throws ParseError {
        Function f = one("""
                function %imm() {
                block0:
                    v0 = iconst.i8 255
                    v1 = iconst.i8 -128
                    v2 = iconst.i32 0xffff_ffff
                    v3 = iconst.i64 10000
                    v4 = iconst.i64 0xffff_ffff_ffff_ffff
                    v5 = iconst.i16 -1
                    v6 = iconst.i64 -9223372036854775808
                    v7 = iconst.i64 0x1234_5678_9abc
                    return
                }
                """);
        assertEquals(0xff, f.dfg().imm(0));
        assertEquals(0x80, f.dfg().imm(1));
        assertEquals(0xffff_ffffL, f.dfg().imm(2));
        assertEquals(-1L, f.dfg().imm(4));
        assertEquals(0xffff, f.dfg().imm(5));
        String out = FunctionWriter.write(f);
        assertTrue(out.contains("v0 = iconst.i8 -1\n"), out);
        assertTrue(out.contains("v1 = iconst.i8 -128\n"), out);
        assertTrue(out.contains("v2 = iconst.i32 -1\n"), out);
        assertTrue(out.contains("v3 = iconst.i64 0x2710\n"), out);
        assertTrue(out.contains("v4 = iconst.i64 -1\n"), out);
        assertTrue(out.contains("v5 = iconst.i16 -1\n"), out);
        assertTrue(out.contains("v6 = iconst.i64 -9223372036854775808\n"), out);
        assertTrue(out.contains("v7 = iconst.i64 0x1234_5678_9abc\n"), out);
    }

    @Test
    void tryCallWithContextsAndPayloads() throws ParseError {
        String text = """
                function %f0(i32) -> i32 tail {
                    sig0 = (i32) -> i32 tail
                    fn0 = %g(i32) -> i32 tail

                block0(v1: i32):
                    v2 = iconst.i64 0
                    try_call fn0(v1), sig0, block1(ret0, v2), [ context v2, tag1: block2(exn0), context v1, default: block3(v2, exn0), tag7: block2(exn1) ]

                block1(v3: i32, v4: i64):
                    return v3

                block2(v6: i64):
                    v7 = iconst.i32 2
                    return v7  ; v7 = 2

                block3(v8: i64, v9: i64):
                    v10 = iconst.i32 3
                    return v10  ; v10 = 3
                }
                """;
        Function f = one(text);
        DataFlowGraph dfg = f.dfg();
        int inst = f.layout().lastInst(0);
        ExceptionTableData et = dfg.exceptionTable(dfg.aux(inst));
        assertEquals(0, et.signature());
        assertEquals(List.of(2, 1), List.of(et.contexts()[0], et.contexts()[1]));
        assertEquals(0, et.contextPositions()[0]);
        assertEquals(1, et.contextPositions()[1]);
        assertEquals(3, et.handlers().length);
        assertEquals(1, et.tags()[0]);
        assertEquals(ExceptionTableData.DEFAULT_TAG, et.tags()[1]);
        int normal = et.normalReturn();
        assertEquals(DataFlowGraph.blockArgRet(0), dfg.blockCallArg(normal, 0));
        assertEquals(DataFlowGraph.blockArgExn(1), dfg.blockCallArg(et.handlers()[2], 0));
        // The inline signature of fn0 is a second signature; the call's annotations list the
        // handler arguments, then the normal return's, then the contexts.
        assertEquals(text.replace("    fn0 = %g(i32) -> i32 tail\n", "    sig1 = (i32) -> i32 tail\n    fn0 = %g sig1\n")
                        .replace("tag7: block2(exn1) ]\n", "tag7: block2(exn1) ]  ; v2 = 0, v2 = 0, v2 = 0\n"),
                FunctionWriter.write(f));
        Function empty = one("""
                function %e() {
                    sig0 = ()
                    fn0 = u0:1 sig0
                block0:
                    try_call fn0(), sig0, block1, []
                block1:
                    return
                }
                """);
        String out = FunctionWriter.write(empty);
        assertTrue(out.contains("    try_call fn0(), sig0, block1, []\n"), out);
        assertTrue(out.contains("    fn0 = u0:1 sig0\n"), out);
        assertEquals(new UserExternalName(0, 1), empty.params().userName(0));
        assertEquals(new ExternalName.User(0), empty.dfg().extFunc(0).name());
    }

    @Test
    void sourceLocationsIndentAndAreRelativeToTheFirst() throws ParseError {
        Function f = one("""
                function u0:3(i32) -> i32 {
                block0(v0: i32):
                @0010    v1 = iadd v0, v0
                         v2 = iadd v1, v1
                @00a0    return v2
                }
                """);
        assertEquals(new UserFuncName.User(new UserExternalName(0, 3)), f.name());
        assertEquals(0x10, f.params().baseSrcLoc());
        assertEquals(0, f.stencil().relSrcLoc(0));
        assertEquals(0x90, f.stencil().relSrcLoc(2));
        assertFalse(f.hasSrcLoc(1));
        assertEquals("function u0:3(i32) -> i32 fast {\n"
                + pad("", 32) + "block0(v0: i32):\n"
                + pad("@0010 ", 36) + "v1 = iadd v0, v0\n"
                + pad("", 36) + "v2 = iadd v1, v1\n"
                + pad("@00a0 ", 36) + "return v2\n"
                + "}\n", FunctionWriter.write(f));
    }

    static String pad(String prefix, int width) {
        StringBuilder sb = new StringBuilder(prefix);
        while (sb.length() < width) sb.append(' ');
        return sb.toString();
    }

    @Test
    void debugTagsColdBlocksAndStackMaps() throws ParseError {
        // Tags come first and shorten the indentation; a source location then pads to it.
        String text = "function %f(i32) system_v {\n"
                + "    ss0 = explicit_slot 4, align = 4\n"
                + "    ss1 = explicit_slot 8\n"
                + "    sig0 = (i32) system_v\n"
                + "    fn0 = colocated u0:0 sig0\n"
                + "\n"
                + pad("", 32) + "block0(v0: i32):\n"
                + "<0, ss1> " + pad("@0001 ", 27) + "call fn0(v0), stack_map=[i32 @ ss0+0, i64 @ ss1+4]\n"
                + pad("", 36) + "jump block1\n"
                + "\n"
                + pad("", 32) + "block1 cold:\n"
                + "<7> " + pad("", 32) + "return\n"
                + "}\n";
        Function f = one(text);
        assertTrue(f.layout().isCold(1));
        assertEquals(List.of(new DataFlowGraph.UserStackMapEntry(Type.I32, 0, 0),
                new DataFlowGraph.UserStackMapEntry(Type.I64, 1, 4)), f.dfg().userStackMap(0));
        assertEquals(0, f.dfg().debugTags(0)[0]);
        assertEquals(-2, f.dfg().debugTags(0)[1]);
        assertEquals(new StackSlotData(4, 2, -1), f.stencil().stackSlot(0));
        assertEquals(text, FunctionWriter.write(f));
    }

    @Test
    void preambleGapsArePlaceholdersAsInCranelift() throws ParseError {
        Function f = one("""
                function %gaps() {
                    ss3 = explicit_slot 13
                    ss1 = explicit_slot 1
                    sig2 = ()
                    fn4 = %h sig2
                }
                """);
        assertEquals(4, f.stencil().numStackSlots());
        assertEquals(new StackSlotData(0), f.stencil().stackSlot(0));
        assertNull(f.dfg().extFunc(0));
        assertEquals("""
                function %gaps() fast {
                    ss0 = explicit_slot 0
                    ss1 = explicit_slot 1
                    ss2 = explicit_slot 0
                    ss3 = explicit_slot 13
                    sig0 = () fast
                    sig1 = () fast
                    sig2 = () fast
                    fn4 = %h sig2
                }
                """, FunctionWriter.write(f));
    }

    @Test
    void writeInstShowsTheControllingTypeWhereTheWriterWould() throws ParseError {
        // As conformance clif/cfg/unused_node.clif expects: `brif v0, ...` when v0 is defined in
        // the same block, the suffix when the type cannot be inferred there.
        Function f = one("""
                function %f(i32) -> i32 {
                block0(v0: i32):
                    v1 = iconst.i32 5
                    v2 = iadd v0, v1
                    return v2
                }
                """);
        assertEquals("v2 = iadd v0, v1  ; v1 = 5", FunctionWriter.writeInst(f, 1));
        assertEquals("v1 = iconst.i32 5", FunctionWriter.writeInst(f, 0));
        assertEquals("return v2", FunctionWriter.writeInst(f, 2));
    }

    @Test
    void parseFunctionsReturnsEveryFunction() throws ParseError {
        List<Function> fs = ClifParser.parseFunctions("""
                test verifier
                function %a() {
                }
                function %b() {
                }
                """);
        assertEquals(2, fs.size());
        assertEquals(new UserFuncName.TestCase("b"), fs.get(1).name());
    }

    @Test
    void runCommandsAreTypedBySignature() throws ParseError {
        Function f = one("""
                function %f(i8, i32, i64, i128) -> i8, i128 {
                block0(v0: i8, v1: i32, v2: i64, v3: i128):
                    return v0, v3
                }
                """);
        RunCommand rc = RunCommand.parse("; run: %f(255, -1, 0xffff_ffff_ffff_ffff, -2) == [-1, 0x1_0000000000000000]",
                12, f.signature());
        assertNotNull(rc);
        assertEquals(RunCommand.Kind.RUN, rc.kind());
        assertEquals("f", rc.function());
        assertEquals(RunCommand.Comparison.EQUALS, rc.comparison());
        assertEquals(0xff, rc.args().get(0).lo());
        assertEquals(0xffff_ffffL, rc.args().get(1).lo());
        assertEquals(-1L, rc.args().get(2).lo());
        assertEquals(-2L, rc.args().get(3).lo());
        assertEquals(-1L, rc.args().get(3).hi());
        assertEquals(0xff, rc.expected().get(0).lo());
        assertEquals(0L, rc.expected().get(1).lo());
        assertEquals(1L, rc.expected().get(1).hi());
        assertEquals(12, rc.line());
        assertEquals("f", RunCommand.calledFunction("run: %f(1) == 2"));
        assertNull(RunCommand.parse("check: foo", 1, f.signature()));
        assertFalse(RunCommand.isRunCommand("nextln: run"));
        assertTrue(RunCommand.isRunCommand(";; run: %x()"));

        Function g = one("function %g() -> i32 {\nblock0:\n    v0 = iconst.i32 1\n    return v0\n}\n");
        RunCommand bare = RunCommand.parse("run", 3, g.signature());
        assertNull(bare.function());
        assertEquals(RunCommand.Comparison.NOT_EQUALS, bare.comparison());
        assertEquals(Type.I32, bare.expected().get(0).type());
        RunCommand print = RunCommand.parse("print: %g()", 3, g.signature());
        assertEquals(RunCommand.Kind.PRINT, print.kind());
    }

    @Test
    void runCommandValuesOfEveryKind() throws ParseError {
        dev.davit.ir.Signature sig = new dev.davit.ir.Signature(
                List.of(new dev.davit.ir.AbiParam(Type.F32), new dev.davit.ir.AbiParam(Type.F64),
                        new dev.davit.ir.AbiParam(Type.I32.by(4)), new dev.davit.ir.AbiParam(Type.F16),
                        new dev.davit.ir.AbiParam(Type.I64.by(2)), new dev.davit.ir.AbiParam(Type.F128)),
                List.of(new dev.davit.ir.AbiParam(Type.F32.by(4))), CallConv.FAST);
        RunCommand rc = RunCommand.parse(
                "run: %v(-0x1.8p3, +NaN, [1 2 -1 0x10], -sNaN:0x1, 0x000000000000007f_ffffffffffffffff, 0x1.0p0) != [0.0 -0.0 +Inf NaN:0x1]",
                1, sig);
        assertEquals(Float.floatToRawIntBits(-12.0f) & 0xffff_ffffL, rc.args().get(0).lo());
        assertEquals(0x7ff8_0000_0000_0000L, rc.args().get(1).lo());
        assertEquals(1L | 2L << 32, rc.args().get(2).lo());
        assertEquals(0xffff_ffffL | 0x10L << 32, rc.args().get(2).hi());
        assertEquals(0xfc01, rc.args().get(3).lo());
        assertEquals(-1L, rc.args().get(4).lo());
        assertEquals(0x7f, rc.args().get(4).hi());
        assertEquals(0x3fff_0000_0000_0000L, rc.args().get(5).hi());
        assertEquals(RunCommand.Comparison.NOT_EQUALS, rc.comparison());
        assertEquals(0x8000_0000_0000_0000L, rc.expected().get(0).lo());
        assertEquals(0x7fc0_0001L << 32 | 0x7f80_0000L, rc.expected().get(0).hi());
    }

    @Test
    void runCommandErrorsHavePositions() {
        dev.davit.ir.Signature sig = new dev.davit.ir.Signature(List.of(new dev.davit.ir.AbiParam(Type.I8)),
                List.of(new dev.davit.ir.AbiParam(Type.I8)), CallConv.FAST);
        ParseError e = org.junit.jupiter.api.Assertions.assertThrows(ParseError.class,
                () -> RunCommand.parse("run: %f(300) == 1", 9, 3, sig));
        assertEquals(9, e.line());
        assertEquals(11, e.column());
        assertEquals("expected decimal immediate", e.message());
        ParseError e2 = org.junit.jupiter.api.Assertions.assertThrows(ParseError.class,
                () -> RunCommand.parse("; run: %f(1) = 1", 4, sig));
        assertEquals("expected another =", e2.message());
        assertEquals(16, e2.column());
    }
}
