package dev.davit.ir.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.ExceptionTableData;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.ExternalName;
import dev.davit.ir.GlobalValueData;
import dev.davit.ir.MemFlags;
import dev.davit.ir.Opcode;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.ir.analysis.Fb;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {
    static final Type I8 = Type.I8, I16 = Type.I16, I32 = Type.I32, I64 = Type.I64, F32 = Type.F32;

    static Signature sig(Type[] params, Type[] returns, CallConv cc) { return Fb.sig(params, returns, cc); }

    static Type[] t(Type... ts) { return ts; }

    static void assertClean(Fb b) { assertClean(Verifier.verify(b.f)); }

    static void assertClean(VerifierErrors errors) {
        assertTrue(errors.isEmpty(), () -> "expected no errors, got:\n" + errors);
    }

    /** Asserts exactly the given {@code location: substring} errors, in any order. */
    static void assertErrors(VerifierErrors errors, String... expected) {
        List<VerifierError> left = new java.util.ArrayList<>(errors.list());
        for (String e : expected) {
            int colon = e.indexOf(": ");
            String loc = e.substring(0, colon), msg = e.substring(colon + 2);
            VerifierError match = null;
            for (VerifierError err : left) {
                if (err.location().text().equals(loc) && err.message().contains(msg)) { match = err; break; }
            }
            if (match == null) fail("missing error " + e + ", got:\n" + errors);
            left.remove(match);
        }
        if (!left.isEmpty()) fail("unexpected errors: " + left + ", all:\n" + errors);
    }

    static void assertErrors(Fb b, String... expected) { assertErrors(Verifier.verify(b.f), expected); }

    // ---- a valid function ----

    @Test
    void validFunctionHasNoErrors() {
        Fb b = new Fb(sig(t(I32), t(I32), CallConv.SYSTEM_V));
        int b0 = b.block(I32), b1 = b.block(I32), b2 = b.block();
        int v0 = b.param(b0, 0);
        int one = b.iconst(b0, I32, 1);
        b.brif(b0, v0, b.bc(b1, one), b.bc(b2), true);
        int sum = b.iadd(b1, b.param(b1, 0), v0);
        b.ret(b1, sum);
        b.ret(b2, v0);
        assertClean(b);
    }

    @Test
    void emptyFunctionIsValid() {
        assertClean(new Fb());
    }

    // ---- block structure ----

    @Test
    void emptyBlock() {
        Fb b = new Fb();
        int b0 = b.block();
        b.block();
        b.ret(b0);
        assertErrors(b, "block1: block1 cannot be empty");
    }

    @Test
    void missingTerminator() {
        Fb b = new Fb();
        int b0 = b.block();
        b.iconst(b0, I32, 1);
        assertErrors(b, "block0: block does not end in a terminator instruction");
    }

    @Test
    void terminatorInTheMiddle() {
        Fb b = new Fb();
        int b0 = b.block();
        b.ret(b0);
        b.ret(b0);
        assertErrors(b, "inst0: a terminator instruction was encountered before the end of block0");
    }

    @Test
    void entryBlockParameters() {
        Fb b = new Fb(I32);
        int b0 = b.block();
        b.ret(b0);
        assertErrors(b, "block0: entry block parameters (0) must match function signature (1)");

        b = new Fb(I32);
        b0 = b.block(F32);
        b.ret(b0);
        assertErrors(b, "block0: entry block parameter 0 expected to have type i32, got f32");
    }

    @Test
    void signatureExtensions() {
        List<AbiParam> params = List.of(new AbiParam(F32, AbiParam.Extension.SEXT, AbiParam.Purpose.NORMAL, 0));
        List<AbiParam> rets = List.of(new AbiParam(F32, AbiParam.Extension.UEXT, AbiParam.Purpose.NORMAL, 0));
        Fb b = new Fb(new Signature(params, rets, CallConv.SYSTEM_V));
        int b0 = b.block(F32);
        b.ret(b0, b.param(b0, 0));
        assertErrors(b, "function: Parameter at position 0 has invalid extension Sext",
                "function: Return value at position 0 has invalid extension Uext");
    }

    @Test
    void branchToEntryBlockAndInvalidBlocks() {
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block();
        b.jump(b0, b1);
        b.jump(b1, b0);
        assertErrors(b, "inst1: invalid reference to entry block block0");

        b = new Fb();
        b0 = b.block();
        int detached = b.detachedBlock();
        b.jump(b0, detached);
        assertErrors(b, "inst0: invalid block reference block1");

        b = new Fb();
        b0 = b.block();
        int j = b.jump(b0, b0);
        b.dfg.setBlockCallBlock(b.dfg.dest(j, 0), 77);
        assertErrors(b, "inst0: invalid block reference block77");
    }

    // ---- SSA ----

    @Test
    void useBeforeDefinitionInSameBlock() {
        Fb b = new Fb(I32);
        int b0 = b.block(I32);
        int v0 = b.param(b0, 0);
        int add1 = b.inst(b0, Opcode.IADD, I32, new int[] {v0, v0}, 0, 0, 0);
        int v1 = b.result(add1);
        int v2 = b.iadd(b0, v1, v0);
        b.dfg.setArg(add1, 0, v2);
        b.ret(b0);
        assertErrors(b, "inst0: uses value v2 from non-dominating inst1");
    }

    @Test
    void useOfOwnResult() {
        Fb b = new Fb(I32);
        int b0 = b.block(I32);
        int v0 = b.param(b0, 0);
        int add = b.inst(b0, Opcode.IADD, I32, new int[] {v0, v0}, 0, 0, 0);
        b.dfg.setArg(add, 0, b.result(add));
        b.ret(b0);
        assertErrors(b, "inst0: uses value v1 from itself");
    }

    @Test
    void useAcrossNonDominatingBlocks() {
        Fb b = new Fb(I32);
        int b0 = b.block(I32), b1 = b.block(), b2 = b.block(), b3 = b.block();
        b.brif(b0, b.param(b0, 0), b1, b2);
        int v = b.iconst(b1, I32, 5);
        b.jump(b1, b3);
        b.jump(b2, b3);
        b.ret(b3, v);
        assertErrors(b, "inst4: uses value v1 from non-dominating inst1");
    }

    @Test
    void parameterOfNonDominatingBlock() {
        Fb b = new Fb(I32);
        int b0 = b.block(I32), b1 = b.block(I32), b2 = b.block(), b3 = b.block();
        int one = b.iconst(b0, I32, 1);
        b.brif(b0, b.param(b0, 0), b.bc(b1, one), b.bc(b2), true);
        b.jump(b1, b3);
        b.jump(b2, b3);
        b.iadd(b3, b.param(b1, 0), one);
        b.ret(b3);
        assertErrors(b, "inst4: uses value arg from non-dominating block1");
    }

    @Test
    void unreachableCodeIsNotCheckedForDominance() {
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block(), b2 = b.block();
        b.ret(b0);
        int v = b.iconst(b2, I32, 1);
        b.jump(b2, b1);
        b.iadd(b1, v, v); // uses a value from a block that does not dominate, but b1 is unreachable
        b.ret(b1);
        assertClean(b);
    }

    @Test
    void invalidAndDetachedValues() {
        Fb b = new Fb();
        int b0 = b.block();
        int v = b.iconst(b0, I32, 1);
        int add = b.inst(b0, Opcode.IADD, I32, new int[] {v, v}, 0, 0, 0);
        b.dfg.setArg(add, 1, 999);
        b.ret(b0);
        assertErrors(b, "inst1: invalid value reference v999");

        b = new Fb();
        b0 = b.block();
        v = b.iconst(b0, I32, 1);
        b.dfg.reserveValues(5);
        add = b.inst(b0, Opcode.IADD, I32, new int[] {v, 5}, 0, 0, 0);
        b.ret(b0);
        assertErrors(b, "inst1: argument v5 -> v5 is not attached");
    }

    @Test
    void aliases() {
        Fb b = new Fb(sig(t(), t(I32), CallConv.SYSTEM_V));
        int b0 = b.block();
        int v = b.iconst(b0, I32, 1);
        int a1 = b.dfg.makeAlias(v), a2 = b.dfg.makeAlias(a1);
        b.ret(b0, a2);
        assertClean(b);

        // An alias cycle is an error, never a hang or an exception.
        b.dfg.setAlias(a1, a2);
        assertErrors(b, "inst1: v" + a2 + " is an alias whose chain is a cycle");
    }

    // ---- instruction types ----

    @Test
    void operandTypes() {
        Fb b = new Fb(sig(t(I32, I8), t(I32), CallConv.SYSTEM_V));
        int b0 = b.block(I32, I8);
        int add = b.inst(b0, Opcode.IADD, I32, new int[] {b.param(b0, 0), b.param(b0, 1)}, 0, 0, 0);
        b.ret(b0, b.result(add));
        assertErrors(b, "inst0: arg 1 (v1) has type i8, expected i32");
    }

    @Test
    void resultTypes() {
        Fb b = new Fb();
        int b0 = b.block();
        int c = b.iconst(b0, I32, 1);
        b.dfg.setValueType(c, I64);
        b.ret(b0);
        assertErrors(b, "inst0: expected result 0 (v0) to have type i32, found i64");
    }

    @Test
    void resultCount() {
        Fb b = new Fb();
        int b0 = b.block();
        int i = b.dfg.makeInst(Opcode.ICONST, I32, new int[0], 0, 1, 0, 0);
        b.layout.appendInst(i, b0);
        b.ret(b0);
        assertErrors(b, "inst0: expected 1 result values, found 0");
    }

    @Test
    void controllingTypeOutsideTypeSet() {
        Fb b = new Fb();
        int b0 = b.block();
        int c = b.iconst(b0, I32, 1);
        b.dfg.setValueType(c, F32);
        b.dfg.setCtrlType(b.dfg.valueDef(c), F32);
        b.ret(b0);
        assertErrors(b, "inst0: has an invalid controlling type f32");
    }

    @Test
    void iconstBounds() {
        long[][] cases = {{-10, 8}, {-1, 32}, {256, 8}, {10 + 65535, 16}};
        for (long[] c : cases) {
            Fb b = new Fb();
            int b0 = b.block();
            b.iconst(b0, Type.intType((int) c[1]), c[0]);
            b.ret(b0);
            assertErrors(b, "inst0: constant immediate is out of bounds");
        }
        for (long[] c : new long[][] {{10, 8}, {0xFFFF_FFFFL, 32}, {-1, 64}}) {
            Fb b = new Fb();
            int b0 = b.block();
            b.iconst(b0, Type.intType((int) c[1]), c[0]);
            b.ret(b0);
            assertClean(b);
        }
    }

    @Test
    void brTableIndexType() {
        Fb b = new Fb(I64);
        int b0 = b.block(I64), b1 = b.block();
        b.brTable(b0, b.param(b0, 0), b1);
        b.ret(b1);
        assertErrors(b, "inst0: has an invalid controlling type i64");
    }

    // ---- block calls ----

    @Test
    void jumpArguments() {
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block(I64, I16);
        int v0 = b.iconst(b0, I16, 10), v3 = b.iconst(b0, I64, 20);
        b.jump(b0, b1, v0, v3);
        b.ret(b1);
        assertErrors(b, "inst2: arg v2 has type i16, expected i64", "inst2: arg v3 has type i64, expected i16");
    }

    @Test
    void brifArgumentCount() {
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block(I64), b2 = b.block(F32, I8);
        int v0 = b.iconst(b0, I16, 10);
        b.brif(b0, v0, b.bc(b1, v0), b.bc(b2, v0), true);
        b.ret(b1);
        b.ret(b2);
        assertErrors(b, "inst1: arg v3 has type i16, expected i64", "inst1: mismatched argument count");
    }

    @Test
    void jumpTableTargetsTakeArguments() {
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block(I32), b2 = b.block();
        b.brTable(b0, b.iconst(b0, I32, 0), b2, b1);
        b.ret(b1);
        b.ret(b2);
        assertErrors(b, "inst1: mismatched argument count");
    }

    // ---- calls and returns ----

    @Test
    void returnValues() {
        Fb b = new Fb(sig(t(), t(F32), CallConv.SYSTEM_V));
        int b0 = b.block();
        b.ret(b0, b.iconst(b0, I32, 1));
        assertErrors(b, "inst1: result 0 has type i32, must match function signature of f32");

        b = new Fb();
        b0 = b.block();
        b.ret(b0, b.iconst(b0, I32, 1));
        assertErrors(b, "inst1: arguments of return must match function signature");
    }

    @Test
    void callArguments() {
        Fb b = new Fb(I64, F32);
        int b0 = b.block(I64, F32);
        int s = b.dfg.addSignature(sig(t(I32, F32), t(I64), CallConv.SYSTEM_V));
        int fn = b.dfg.addExtFunc(new ExtFuncData(new ExternalName.TestCase("g"), s, false, false));
        b.inst(b0, Opcode.CALL, null, new int[] {b.param(b0, 0), b.param(b0, 1)}, 0, 0, fn);
        b.inst(b0, Opcode.CALL, null, new int[] {b.param(b0, 1)}, 0, 0, fn);
        b.ret(b0);
        assertErrors(b, "inst0: arg 0 (v0) has type i64, expected i32", "inst1: arg 0 (v1) has type f32, expected i32",
                "inst1: mismatched argument count");
    }

    @Test
    void callIndirectArguments() {
        Fb b = new Fb(I64);
        int b0 = b.block(I64);
        int s = b.dfg.addSignature(sig(t(F32), t(), CallConv.SYSTEM_V));
        int v1 = b.iconst(b0, I32, 56);
        b.inst(b0, Opcode.CALL_INDIRECT, I64, new int[] {b.param(b0, 0), v1}, 0, 0, s);
        b.ret(b0);
        assertErrors(b, "inst1: arg 0 (v1) has type i32, expected f32");
    }

    @Test
    void danglingCallReferences() {
        Fb b = new Fb(I64);
        int b0 = b.block(I64);
        b.inst(b0, Opcode.CALL, null, new int[0], 0, 0, 3);
        b.ret(b0);
        assertErrors(b, "inst0: invalid function reference fn3");

        b = new Fb(I64);
        b0 = b.block(I64);
        int i = b.dfg.makeInst(Opcode.CALL_INDIRECT, I64, new int[] {b.param(b0, 0)}, 1, 0, 0, 7);
        b.layout.appendInst(i, b0);
        b.ret(b0);
        assertErrors(b, "inst0: invalid signature reference sig7");
    }

    @Test
    void patchableCalls() {
        Fb b = new Fb();
        int b0 = b.block();
        int s = b.dfg.addSignature(sig(t(), t(), CallConv.SYSTEM_V));
        int fn = b.dfg.addExtFunc(new ExtFuncData(new ExternalName.TestCase("f"), s, false, true));
        b.inst(b0, Opcode.CALL, null, new int[0], 0, 0, fn);
        b.ret(b0);
        assertErrors(b, "inst0: patchable call to non-colocated function");

        b = new Fb();
        b0 = b.block();
        s = b.dfg.addSignature(sig(t(), t(I32), CallConv.SYSTEM_V));
        fn = b.dfg.addExtFunc(new ExtFuncData(new ExternalName.TestCase("f"), s, true, true));
        b.inst(b0, Opcode.CALL, null, new int[0], 0, 0, fn);
        b.ret(b0);
        assertErrors(b, "inst0: patchable call cannot occur to a function with return values");
    }

    private static Fb tailCaller(CallConv caller, CallConv callee, Type[] callerRets, Type[] calleeRets, int nargs) {
        Fb b = new Fb(sig(t(I32), callerRets, caller));
        int b0 = b.block(I32);
        int s = b.dfg.addSignature(sig(t(I32), calleeRets, callee));
        int fn = b.dfg.addExtFunc(new ExtFuncData(new ExternalName.TestCase("wow"), s, false, false));
        int[] args = nargs == 1 ? new int[] {b.param(b0, 0)} : new int[0];
        b.inst(b0, Opcode.RETURN_CALL, null, args, 0, 0, fn);
        return b;
    }

    @Test
    void tailCalls() {
        assertClean(tailCaller(CallConv.TAIL, CallConv.TAIL, t(I32), t(I32), 1));
        assertErrors(tailCaller(CallConv.FAST, CallConv.TAIL, t(I32), t(I32), 1),
                "inst0: callee's calling convention must match caller");
        assertErrors(tailCaller(CallConv.TAIL, CallConv.FAST, t(I32), t(I32), 1),
                "inst0: calling convention `fast` does not support tail calls",
                "inst0: callee's calling convention must match caller");
        assertErrors(tailCaller(CallConv.SYSTEM_V, CallConv.SYSTEM_V, t(I32), t(I32), 1),
                "inst0: calling convention `system_v` does not support tail calls");
        assertErrors(tailCaller(CallConv.TAIL, CallConv.TAIL, t(), t(I32), 1), "inst0: results of callee must match caller");
        assertErrors(tailCaller(CallConv.TAIL, CallConv.TAIL, t(I32), t(I64), 1),
                "inst0: result 0 has type i64, must match function signature of i32");
        assertErrors(tailCaller(CallConv.TAIL, CallConv.TAIL, t(I32), t(I32), 0),
                "inst0: mismatched argument count for `");
    }

    // ---- exceptions ----

    /** {@code try_call fn0(v0), sig0, block1(normal...), [default: block2(handler...)]} from an i32 caller. */
    private static Fb tryCall(CallConv calleeCc, Type[] calleeRets, Type[] normalParams, int[] normalArgs,
                              Type[] handlerParams, int[] handlerArgs) {
        Fb b = new Fb(sig(t(I32), t(), CallConv.TAIL));
        int b0 = b.block(I32), b1 = b.block(normalParams), b2 = b.block(handlerParams);
        int s = b.dfg.addSignature(sig(t(I32), calleeRets, calleeCc));
        int fn = b.dfg.addExtFunc(new ExtFuncData(new ExternalName.TestCase("g"), s, false, false));
        int et = b.dfg.addExceptionTable(new ExceptionTableData(s, b.bc(b1, normalArgs), new int[0],
                new long[] {ExceptionTableData.DEFAULT_TAG}, new int[] {b.bc(b2, handlerArgs)}));
        b.inst(b0, Opcode.TRY_CALL, null, new int[] {b.param(b0, 0)}, 0, et, fn);
        b.ret(b1);
        b.ret(b2);
        return b;
    }

    static int ret(int i) { return DataFlowGraph.blockArgRet(i); }

    static int exn(int i) { return DataFlowGraph.blockArgExn(i); }

    @Test
    void tryCallPayloads() {
        assertClean(Verifier.verify(tryCall(CallConv.TAIL, t(F32), t(F32), new int[] {ret(0)}, t(I64, I64),
                new int[] {exn(0), exn(1)}).f, I64));
        assertErrors(Verifier.verify(tryCall(CallConv.TAIL, t(I32), t(F32), new int[] {ret(0)}, t(I64),
                new int[] {exn(0)}).f, I64), "inst0: arg ret0 has type i32, expected f32");
        assertErrors(Verifier.verify(tryCall(CallConv.TAIL, t(I32), t(I32), new int[] {ret(0)}, t(I32),
                new int[] {exn(0)}).f, I64), "inst0: arg exn0 has type i64, expected i32");
        // Without a target the payload types are unknown and not checked.
        assertClean(Verifier.verify(tryCall(CallConv.TAIL, t(I32), t(I32), new int[] {ret(0)}, t(I32),
                new int[] {exn(0)}).f));
        assertErrors(Verifier.verify(tryCall(CallConv.TAIL, t(), t(), new int[0], t(I64),
                new int[] {exn(2)}).f, I64), "inst0: out-of-bounds `exnN` block argument");
        assertErrors(Verifier.verify(tryCall(CallConv.TAIL, t(), t(I64), new int[] {exn(0)}, t(),
                new int[0]).f, I64), "inst0: `exnN` block argument used outside normal-return target of `try_call`");
        assertErrors(Verifier.verify(tryCall(CallConv.TAIL, t(I32), t(I32), new int[] {ret(0)}, t(I32),
                new int[] {ret(0)}).f, I64), "inst0: `retN` block argument used outside normal-return target of `try_call`");
        assertErrors(Verifier.verify(tryCall(CallConv.TAIL, t(I32), t(I32), new int[] {ret(1)}, t(),
                new int[0]).f, I64), "inst0: out-of-bounds `retN` block argument");
        assertErrors(Verifier.verify(tryCall(CallConv.WINDOWS_FASTCALL, t(), t(), new int[0], t(),
                new int[0]).f, I64), "inst0: calling convention `windows_fastcall` of callee does not support exceptions");
    }

    // ---- preamble ----

    @Test
    void globalValueCycles() {
        Fb b = new Fb();
        b.ret(b.block());
        MemFlags flags = MemFlags.TRUSTED;
        b.f.stencil().addGlobalValue(new GlobalValueData.Load(1, 0, I32, flags));
        b.f.stencil().addGlobalValue(new GlobalValueData.Load(0, -32, I32, flags));
        assertErrors(b, "gv0: global value cycle: [gv0, gv1]");

        b = new Fb();
        b.ret(b.block());
        b.f.stencil().addGlobalValue(new GlobalValueData.IAddImm(0, 8, I64));
        assertErrors(b, "gv0: global value cycle: [gv0]");
    }

    @Test
    void vmctxNeedsParameter() {
        Fb b = new Fb(I64);
        b.ret(b.block(I64));
        b.f.stencil().setGlobalValue(4, new GlobalValueData.VmContext());
        assertErrors(b, "gv4: undeclared vmctx reference gv4");

        List<AbiParam> ps = List.of(new AbiParam(I64, AbiParam.Extension.NONE, AbiParam.Purpose.VMCTX, 0));
        b = new Fb(new Signature(ps, List.of(), CallConv.SYSTEM_V));
        b.ret(b.block(I64));
        b.f.stencil().setGlobalValue(4, new GlobalValueData.VmContext());
        assertClean(b);
    }

    @Test
    void globalValueTypesWithTarget() {
        Fb b = new Fb();
        b.ret(b.block());
        b.f.stencil().addGlobalValue(new GlobalValueData.Symbol(new ExternalName.TestCase("s"), 0, false, false));
        b.f.stencil().addGlobalValue(new GlobalValueData.IAddImm(0, 8, I32));
        b.f.stencil().addGlobalValue(new GlobalValueData.Load(2 - 1, 0, I64, MemFlags.TRUSTED));
        assertClean(Verifier.verify(b.f));
        assertErrors(Verifier.verify(b.f, I64), "gv1: iadd_imm type i32 differs from operand type i64",
                "gv2: base gv1 has type i32, which is not the pointer type i64");
    }

    // ---- other checks ----

    @Test
    void debugTagsOnlyOnCalls() {
        Fb b = new Fb(I32, I32);
        int b0 = b.block(I32, I32);
        int v = b.iadd(b0, b.param(b0, 0), b.param(b0, 1));
        b.dfg.setDebugTags(b.dfg.valueDef(v), new int[] {0, 1});
        b.ret(b0);
        assertErrors(b, "inst0: debug tags present on non-call, non-sequence point instruction");
    }

    @Test
    void verifyNeverThrowsOnGarbageHandles() {
        // Corrupt every kind of handle an instruction carries; each must become an error.
        for (int trial = 0; trial < 6; trial++) {
            Fb b = new Fb(sig(t(I32), t(I32), CallConv.SYSTEM_V));
            int b0 = b.block(I32), b1 = b.block(I32);
            int v = b.iadd(b0, b.param(b0, 0), b.param(b0, 0));
            int j = b.jump(b0, b1, v);
            int r = b.ret(b1, b.param(b1, 0));
            switch (trial) {
                case 0 -> b.dfg.setArg(b.dfg.valueDef(v), 0, -5);
                case 1 -> b.dfg.setDests(j, 1 << 20);
                case 2 -> b.dfg.setBlockCallArg(b.dfg.dest(j, 0), 0, Integer.MAX_VALUE);
                case 3 -> b.dfg.setArgs(r, new int[] {12345}, 1);
                case 4 -> b.dfg.setBlockCallArg(b.dfg.dest(j, 0), 0, DataFlowGraph.blockArgExn(3));
                default -> b.dfg.setBlockCallBlock(b.dfg.dest(j, 0), -3);
            }
            VerifierErrors errors = Verifier.verify(b.f, I64);
            assertTrue(!errors.isEmpty(), "trial " + trial);
            for (VerifierError e : errors) {
                assertTrue(!e.message().startsWith("verifier could not check"), "trial " + trial + ": " + errors);
            }
        }
    }

    @Test
    void errorsDisplayLikeCranelift() {
        Fb b = new Fb();
        b.block();
        VerifierErrors errors = Verifier.verify(b.f);
        assertEquals(1, errors.size());
        assertEquals("- block0: block0 cannot be empty\n", errors.toString());
    }
}
