package dev.davit.jit.qemu;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.jit.UnsupportedSignatureException;

import java.util.List;

/**
 * Where each parameter and return value of a signature lives for a call from the harness.
 *
 * <p>AAPCS64 §6.8.2: integers up to 64 bits take the next of x0..x7, floats and short vectors the
 * next of v0..v7, and a 16-byte-aligned integer (i128) an even/odd pair of x registers (rule C.9
 * rounds the next register number up to even; C.13 sends it to the stack, and every later
 * integer with it, when no pair is left). What does not fit goes on the stack in argument order:
 * in 8-byte slots, 16-byte aligned ones for 16-byte values (C.14-C.16), except under
 * {@code apple_aarch64}, which packs stack arguments at their natural size and alignment (Apple,
 * "Writing ARM64 code for Apple platforms"). Return values take registers the same way, which is
 * what Cranelift does for AArch64 multiple returns (x0..x7, v0..v7); the rest (under
 * {@code enable_multi_ret_implicit_sret}) go into the return area whose address the caller passes
 * in x8, laid out like stack arguments.
 *
 * @param params    location of each parameter
 * @param returns   location of each return value
 * @param stackSize bytes of stack arguments, rounded up to 16 to keep sp aligned (§6.4.5.1)
 * @param packed    whether stack arguments are packed at their natural size (Apple) rather than in 8-byte slots
 */
record RegisterPlan(List<Loc> params, List<Loc> returns, int stackSize, boolean packed) {
    enum Kind { X, V, STACK }

    /**
     * A register x{@code index} (with {@code size} 16, the pair starting there), v{@code index},
     * or {@code size} bytes at stack offset {@code index}.
     */
    record Loc(Kind kind, int index, int size) {}

    private static final List<CallConv> CONVENTIONS =
            List.of(CallConv.SYSTEM_V, CallConv.FAST, CallConv.TAIL, CallConv.PRESERVE_ALL, CallConv.APPLE_AARCH64);

    static RegisterPlan of(Signature sig) {
        if (!CONVENTIONS.contains(sig.callConv()))
            throw new UnsupportedSignatureException("cannot call " + sig.text() + ": calling convention "
                    + sig.callConv() + " is not an AArch64 one");
        int[] stack = {0};
        List<Loc> params = assign(sig, sig.params(), stack);
        int[] retArea = {0};
        List<Loc> returns = assign(sig, sig.returns(), retArea);
        if (retArea[0] > Harness.SRET_REPORTED)
            throw unsupported(sig, "return values taking more than " + Harness.SRET_REPORTED + " bytes of memory");
        return new RegisterPlan(params, returns, (stack[0] + 15) & -16, sig.callConv() == CallConv.APPLE_AARCH64);
    }

    /** Bytes a stack argument occupies at least. */
    int stackSlotFloor() { return packed ? 1 : 8; }

    /**
     * Whether the callee pops its stack arguments: Cranelift's {@code tail} convention does, so
     * that tail calls can change the argument area; everything else leaves it to the caller.
     */
    static boolean calleePops(Signature sig) { return sig.callConv() == CallConv.TAIL; }

    /** Assigns {@code values}; {@code nsaa} is the next stacked argument (or return-area) address. */
    private static List<Loc> assign(Signature sig, List<AbiParam> values, int[] nsaa) {
        boolean apple = sig.callConv() == CallConv.APPLE_AARCH64;
        Loc[] locs = new Loc[values.size()];
        // Cranelift's tail convention keeps x0 (return-area pointer) and x1 (indirect callee) out
        // of argument and result passing, as the abi module's AArch64CallConv does.
        int ngrn = sig.callConv() == CallConv.TAIL ? 2 : 0, nsrn = 0;
        for (int i = 0; i < locs.length; i++) {
            AbiParam p = values.get(i);
            Type t = p.type();
            if (p.purpose() == AbiParam.Purpose.STRUCT_ARGUMENT)
                throw unsupported(sig, "struct argument " + p.text());
            boolean vector;
            if (t.isInt() && t.bits() <= 128) vector = false;
            else if ((t.isFloat() || t.isVector()) && t.bits() <= 128) vector = true;
            else throw unsupported(sig, "type " + t);
            int size = Math.max(t.bytes(), 1);
            if (vector && nsrn < 8) {
                locs[i] = new Loc(Kind.V, nsrn++, size);
                continue;
            }
            if (!vector && size <= 8 && ngrn < 8) {
                locs[i] = new Loc(Kind.X, ngrn++, size);
                continue;
            }
            if (!vector && size == 16) {
                ngrn = (ngrn + 1) & ~1;
                if (ngrn < 8) {
                    locs[i] = new Loc(Kind.X, ngrn, 16);
                    ngrn += 2;
                    continue;
                }
                ngrn = 8;
            }
            int slot = apple ? size : Math.max(size, 8);
            int at = (nsaa[0] + slot - 1) & -slot;
            locs[i] = new Loc(Kind.STACK, at, size);
            nsaa[0] = at + slot;
        }
        return List.of(locs);
    }

    private static UnsupportedSignatureException unsupported(Signature sig, String why) {
        return new UnsupportedSignatureException("cannot call " + sig.text() + " under qemu: " + why);
    }
}
