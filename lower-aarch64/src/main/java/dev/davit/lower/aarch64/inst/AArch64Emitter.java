package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.Reg;
import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.RelocKind;
import java.util.List;

/**
 * Encodes {@link AArch64Inst} records (with physical registers) into a {@link MachBuffer}. Every
 * instruction is one little-endian 32-bit word (Arm ARM C4, "A64 Instruction Set Encoding");
 * pseudo-instructions expand to several.
 *
 * <p>Label uses of short reach ({@link AArch64LabelUse}) give the buffer deadlines: the code that
 * drives emission must call {@link #emitIslandIfNeeded} between instructions, which jumps over an
 * island of constants, deferred traps and veneers when one is due.
 */
public final class AArch64Emitter {
    private AArch64Emitter() {}

    /** {@code b} with a zero offset (C6.2 B); the field is patched as {@link AArch64LabelUse#Branch26}. */
    static final int B = 0x1400_0000;
    /** C6.2 NOP (a hint, HINT #0). */
    static final int NOP = 0xD503_201F;
    private static final int ZR = 31;

    /**
     * Bytes a record may emit, for {@link MachBuffer#islandNeeded}. Exhaustive like {@link #emit},
     * so that a new pseudo-instruction cannot silently under-report.
     */
    public static int worstCaseSize(AArch64Inst inst) {
        return switch (inst) {
            case AArch64Inst.MovImm _ -> 16;
            case AArch64Inst.CondBr _ -> 8;
            case AArch64Inst.JmpTableSeq i -> 16 + 4 * i.targets().length;
            case AArch64Inst.Args _ -> 0;
            // ldaxr, at most three body instructions, stlxr, cbnz.
            case AArch64Inst.AtomicRmwLoop _ -> 24;
            // ldaxr, cmp, b.ne, stlxr, cbnz.
            case AArch64Inst.AtomicCasLoop _ -> 20;
            // bl/blr, then the sp re-adjustment for a callee that popped: one sub, or a constant
            // into x16 (up to 4 words) and an extended-register sub.
            case AArch64Inst.Call _, AArch64Inst.CallInd _ -> 24;
            // Resolved by the frame before encoding; counted as the far form (constant + add).
            case AArch64Inst.StackSlotAddr _ -> 20;
            case AArch64Inst.AluRRR _, AArch64Inst.AluRRImm12 _, AArch64Inst.AluRRImmLogic _, AArch64Inst.AluRRRShift _,
                 AArch64Inst.AluRRRExtend _, AArch64Inst.AluRRRR _, AArch64Inst.AluRRImmShift _, AArch64Inst.Bitfield _,
                 AArch64Inst.BitRR _, AArch64Inst.Extend _, AArch64Inst.Mov _, AArch64Inst.MovWide _, AArch64Inst.MovK _,
                 AArch64Inst.Load _, AArch64Inst.Store _, AArch64Inst.LoadP64 _, AArch64Inst.StoreP64 _,
                 AArch64Inst.CSel _, AArch64Inst.CSet _, AArch64Inst.CCmp _, AArch64Inst.CCmpImm _,
                 AArch64Inst.Jump _, AArch64Inst.OneWayCondBr _, AArch64Inst.Br _, AArch64Inst.ReturnCall _,
                 AArch64Inst.ReturnCallInd _, AArch64Inst.Ret _, AArch64Inst.Adr _, AArch64Inst.Adrp _,
                 AArch64Inst.AddLo12 _, AArch64Inst.TrapIf _, AArch64Inst.Udf _, AArch64Inst.Brk _,
                 AArch64Inst.Nop _, AArch64Inst.LoadAcquire _, AArch64Inst.StoreRelease _, AArch64Inst.Fence _,
                 AArch64Inst.AtomicRmwLse _, AArch64Inst.CasLse _, AArch64Inst.FpuMove _, AArch64Inst.FpuMovImm _, AArch64Inst.FpuRR _,
                 AArch64Inst.FpuRRR _, AArch64Inst.FpuMAdd _, AArch64Inst.FpuCmp _, AArch64Inst.FpuCSel _,
                 AArch64Inst.FpuIntCvt _ -> 4;
        };
    }

    /**
     * Places an island here if some short-range use would otherwise miss its deadline within the
     * next {@code nextSize} bytes: {@code b over; <island>; over:}. Returns whether it did.
     */
    public static boolean emitIslandIfNeeded(MachBuffer b, int nextSize) {
        if (!b.islandNeeded(nextSize)) {
            return false;
        }
        int over = b.getLabel();
        // Not announced as a branch: it must survive even though its target is the code after it.
        b.useLabelAtOffset(b.curOffset(), over, AArch64LabelUse.Branch26);
        b.put4(B);
        b.emitIsland(nextSize);
        b.bindLabel(over);
        return true;
    }

    public static void emit(AArch64Inst inst, MachBuffer b) {
        switch (inst) {
            case AArch64Inst.AluRRR i -> emitAluRRR(b, i);
            case AArch64Inst.AluRRImm12 i -> b.put4(addSubImm(i.op(), i.size(), rd(i.rd()), rd(i.rn()), i.imm()));
            case AArch64Inst.AluRRImmLogic i -> b.put4(logicalImm(i.op(), i.size(), rd(i.rd()), rd(i.rn()), i.imm()));
            case AArch64Inst.AluRRRShift i -> {
                if (i.op().isAddSub()) {
                    b.put4(addSubShift(i.op(), i.size(), rd(i.rd()), rd(i.rn()), rd(i.rm()), i.shift()));
                } else {
                    b.put4(logicalShift(i.op(), i.size(), rd(i.rd()), rd(i.rn()), rd(i.rm()), i.shift()));
                }
            }
            case AArch64Inst.AluRRRExtend i -> {
                // C6.2 ADD (extended register): sf op S 01011 00 1 Rm option imm3 Rn Rd.
                b.put4(i.size().sf() << 31 | subBit(i.op()) << 30 | sBit(i.op()) << 29 | 0x0B20_0000
                        | rd(i.rm()) << 16 | i.extend().enc() << 13 | i.amount() << 10 | rd(i.rn()) << 5 | rd(i.rd()));
            }
            case AArch64Inst.AluRRRR i -> {
                // C6.2 MADD, C6.2 MSUB: sf 00 11011 000 Rm o0 Ra Rn Rd.
                b.put4(i.size().sf() << 31 | 0x1B00_0000 | rd(i.rm()) << 16 | (i.sub() ? 1 : 0) << 15
                        | rd(i.ra()) << 10 | rd(i.rn()) << 5 | rd(i.rd()));
            }
            case AArch64Inst.AluRRImmShift i -> b.put4(shiftImm(i.op(), i.size(), rd(i.rd()), rd(i.rn()), i.amount()));
            case AArch64Inst.Bitfield i -> b.put4(bitfield(i.signed(), i.size(), rd(i.rd()), rd(i.rn()), i.immr(), i.imms()));
            case AArch64Inst.BitRR i -> {
                // C4.1 Data-processing (1 source): sf 1 0 11010110 00000 opcode Rn Rd. REV on a W
                // register and REV32 on an X register share opcode 000010 (C6.2 REV, C6.2 REV32).
                int opcode = switch (i.op()) {
                    case RBIT -> 0;
                    case REV16 -> 1;
                    case REV32 -> 2;
                    case REV64 -> 3;
                    case CLZ -> 4;
                    case CLS -> 5;
                };
                b.put4(i.size().sf() << 31 | 0x5AC0_0000 | opcode << 10 | rd(i.rn()) << 5 | rd(i.rd()));
            }
            case AArch64Inst.Extend i -> {
                int d = rd(i.rd());
                int n = rd(i.rn());
                if (i.signed()) {
                    // SXTB/SXTH/SXTW: SBFM Rd, Rn, #0, #from-1 (C6.2 SXTB, SXTH, SXTW).
                    b.put4(bitfield(true, AArch64Size.ofBits(i.toBits()), d, n, 0, i.fromBits() - 1));
                } else if (i.fromBits() == 32) {
                    // A 32-bit ORR clears the upper half (C6.2 MOV (register)).
                    b.put4(logicalShift(AArch64AluOp.ORR, AArch64Size.S32, d, ZR, n, AArch64Shift.NONE));
                } else {
                    // UXTB/UXTH: UBFM Wd, Wn, #0, #from-1 (C6.2 UXTB, UXTH), also right for 64 bits.
                    b.put4(bitfield(false, AArch64Size.S32, d, n, 0, i.fromBits() - 1));
                }
            }
            case AArch64Inst.Mov i -> b.put4(logicalShift(AArch64AluOp.ORR, i.size(), rd(i.rd()), ZR, rd(i.rm()), AArch64Shift.NONE));
            case AArch64Inst.MovWide i -> b.put4(moveWide(i.op(), i.size(), rd(i.rd()), i.imm16(), i.shift()));
            case AArch64Inst.MovK i -> {
                checkTied(i.rn(), i.rd());
                b.put4(moveWide(AArch64MoveWide.Op.MOVK, i.size(), rd(i.rd()), i.imm16(), i.shift()));
            }
            case AArch64Inst.MovImm i -> {
                AArch64ImmLogic imml = movImmAsOrr(i.value(), i.size());
                if (imml != null) {
                    b.put4(logicalImm(AArch64AluOp.ORR, i.size(), rd(i.rd()), ZR, imml));
                } else {
                    for (AArch64MoveWide.Step s : AArch64MoveWide.sequence(i.value(), i.size())) {
                        b.put4(moveWide(s.op(), i.size(), rd(i.rd()), s.imm16(), s.shift()));
                    }
                }
            }
            case AArch64Inst.Load i -> emitLoadStore(b, i.op(), i.op().isFp() ? vr(i.rt()) : rd(i.rt()), i.amode());
            case AArch64Inst.Store i -> emitLoadStore(b, i.op(), i.op().isFp() ? vr(i.rt()) : rd(i.rt()), i.amode());
            case AArch64Inst.LoadP64 i -> b.put4(pair(true, rd(i.rt()), rd(i.rt2()), i.amode()));
            case AArch64Inst.StoreP64 i -> b.put4(pair(false, rd(i.rt()), rd(i.rt2()), i.amode()));
            case AArch64Inst.CSel i -> b.put4(csel(i.op(), i.size(), i.cond(), rd(i.rd()), rd(i.rn()), rd(i.rm())));
            case AArch64Inst.CSet i -> {
                // CSET = CSINC Rd, ZR, ZR, invert(cond); CSETM = CSINV likewise (C6.2 CSET, CSETM).
                AArch64Inst.CSelOp op = i.mask() ? AArch64Inst.CSelOp.CSINV : AArch64Inst.CSelOp.CSINC;
                b.put4(csel(op, i.size(), i.cond().invert(), rd(i.rd()), ZR, ZR));
            }
            case AArch64Inst.CCmp i -> {
                // C6.2 CCMP (register): sf 1 1 11010010 Rm cond 0 0 Rn 0 nzcv.
                b.put4(i.size().sf() << 31 | 0x7A40_0000 | rd(i.rm()) << 16 | i.cond().enc() << 12 | rd(i.rn()) << 5 | i.nzcv());
            }
            case AArch64Inst.CCmpImm i -> {
                // C6.2 CCMP (immediate): sf 1 1 11010010 imm5 cond 1 0 Rn 0 nzcv.
                b.put4(i.size().sf() << 31 | 0x7A40_0800 | i.imm5() << 16 | i.cond().enc() << 12 | rd(i.rn()) << 5 | i.nzcv());
            }
            case AArch64Inst.Jump i -> emitJump(b, i.label());
            case AArch64Inst.CondBr i -> {
                emitCondBranch(b, i.kind(), i.taken());
                emitJump(b, i.notTaken());
            }
            case AArch64Inst.OneWayCondBr i -> emitCondBranch(b, i.kind(), i.label());
            case AArch64Inst.Br i -> b.put4(0xD61F_0000 | rd(i.rn()) << 5); // C6.2 BR
            case AArch64Inst.JmpTableSeq i -> emitJmpTable(b, i);
            case AArch64Inst.Call i -> {
                // C6.2 BL: 100101 imm26; the linker fills imm26 (R_AARCH64_CALL26).
                b.addReloc(RelocKind.Arm64Call, i.name(), 0);
                b.put4(0x9400_0000);
                b.addCallSite(i.info().callSiteInfo());
                reclaimPopped(b, i.info().calleePopBytes());
            }
            case AArch64Inst.CallInd i -> {
                b.put4(0xD63F_0000 | rd(i.rn()) << 5); // C6.2 BLR
                b.addCallSite(i.info().callSiteInfo());
                reclaimPopped(b, i.info().calleePopBytes());
            }
            case AArch64Inst.ReturnCall i -> {
                // C6.2 B: 000101 imm26, filled by the linker (R_AARCH64_JUMP26, the same field as CALL26).
                b.addReloc(RelocKind.Arm64Call, i.name(), 0);
                b.put4(B);
            }
            case AArch64Inst.ReturnCallInd i -> b.put4(0xD61F_0000 | rd(i.rn()) << 5); // C6.2 BR
            case AArch64Inst.StackSlotAddr i ->
                    throw new IllegalStateException("stack slot address must be resolved by the frame: " + i);
            case AArch64Inst.Ret i -> b.put4(0xD65F_0000 | 30 << 5); // C6.2 RET (x30)
            case AArch64Inst.Args i -> {
                // Only tells the allocator where arguments arrive.
            }
            case AArch64Inst.Adr i -> {
                // C6.2 ADR: 0 immlo 10000 immhi Rd; the offset is filled in as Adr21.
                b.useLabelAtOffset(b.curOffset(), i.label(), AArch64LabelUse.Adr21);
                b.put4(0x1000_0000 | rd(i.rd()));
            }
            case AArch64Inst.Adrp i -> {
                // C6.2 ADRP: 1 immlo 10000 immhi Rd, page of the symbol from the linker.
                b.addReloc(RelocKind.Aarch64AdrPrelPgHi21, i.name(), i.addend());
                b.put4(0x9000_0000 | rd(i.rd()));
            }
            case AArch64Inst.AddLo12 i -> {
                // ADD (immediate), 64-bit, imm12 from the linker (R_AARCH64_ADD_ABS_LO12_NC).
                b.addReloc(RelocKind.Aarch64AddAbsLo12Nc, i.name(), i.addend());
                b.put4(0x9100_0000 | rd(i.rn()) << 5 | rd(i.rd()));
            }
            case AArch64Inst.TrapIf i -> emitCondBranch(b, i.kind(), b.deferTrap(i.trapCode(), udfBytes(i.trapCode())));
            case AArch64Inst.Udf i -> {
                // C6.2 UDF: 0000000000000000 imm16. The trap record points at the instruction.
                b.addTrap(i.trapCode());
                b.put4(i.trapCode());
            }
            case AArch64Inst.Brk i -> b.put4(0xD420_0000 | i.imm() << 5); // C6.2 BRK
            case AArch64Inst.Nop i -> b.put4(NOP);
            // C6.2 FMOV (register): 0 0 0 11110 ftype 1 0000 00 10000 Rn Rd, ftype 01 (d).
            case AArch64Inst.FpuMove i -> b.put4(fpu1(AArch64FpuOp1.FMOV, AArch64Size.S64, vr(i.rd()), vr(i.rn())));
            // C6.2 FMOV (scalar, immediate): 0 0 0 11110 ftype 1 imm8 100 00000 Rd.
            case AArch64Inst.FpuMovImm i -> b.put4(0x1E20_1000 | ftype(i.size()) << 22 | i.imm8() << 13 | vr(i.rd()));
            case AArch64Inst.FpuRR i -> b.put4(fpu1(i.op(), i.size(), vr(i.rd()), vr(i.rn())));
            // C4.1 Floating-point data-processing (2 source): 0 0 0 11110 ftype 1 Rm opcode 10 Rn Rd.
            case AArch64Inst.FpuRRR i -> b.put4(0x1E20_0800 | ftype(i.size()) << 22 | vr(i.rm()) << 16
                    | i.op().opcode() << 12 | vr(i.rn()) << 5 | vr(i.rd()));
            // C6.2 FMADD: 0 0 0 11111 ftype 0 Rm 0 Ra Rn Rd.
            case AArch64Inst.FpuMAdd i -> b.put4(0x1F00_0000 | ftype(i.size()) << 22 | vr(i.rm()) << 16
                    | vr(i.ra()) << 10 | vr(i.rn()) << 5 | vr(i.rd()));
            // C6.2 FCMP: 0 0 0 11110 ftype 1 Rm 00 1000 Rn 00000.
            case AArch64Inst.FpuCmp i -> b.put4(0x1E20_2000 | ftype(i.size()) << 22 | vr(i.rm()) << 16 | vr(i.rn()) << 5);
            // C6.2 FCSEL: 0 0 0 11110 ftype 1 Rm cond 11 Rn Rd.
            case AArch64Inst.FpuCSel i -> b.put4(0x1E20_0C00 | ftype(i.size()) << 22 | vr(i.rm()) << 16
                    | i.cond().enc() << 12 | vr(i.rn()) << 5 | vr(i.rd()));
            // C4.1 Conversion between floating-point and integer: sf 0 0 11110 ftype 1 rmode opcode 000000 Rn Rd.
            case AArch64Inst.FpuIntCvt i -> b.put4(i.intSize().sf() << 31 | 0x1E20_0000 | ftype(i.fpSize()) << 22
                    | i.op().rmode() << 19 | i.op().opcode() << 16 | (i.op().toFp() ? rd(i.rn()) : vr(i.rn())) << 5
                    | (i.op().toFp() ? vr(i.rd()) : rd(i.rd())));
            // C6.2 LDARB, LDARH, LDAR: size 001000 1 1 0 11111 1 11111 Rn Rt.
            case AArch64Inst.LoadAcquire i -> b.put4(atomicSize(i.bits()) << 30 | 0x08DF_FC00 | rd(i.rn()) << 5 | rd(i.rt()));
            // C6.2 STLRB, STLRH, STLR: size 001000 1 0 0 11111 1 11111 Rn Rt.
            case AArch64Inst.StoreRelease i -> b.put4(atomicSize(i.bits()) << 30 | 0x089F_FC00 | rd(i.rn()) << 5 | rd(i.rt()));
            case AArch64Inst.Fence i -> b.put4(DMB_ISH);
            // C6.2 LDADD etc., SWP: size 111 0 00 A=1 R=1 1 Rs o3 opc 00 Rn Rt.
            case AArch64Inst.AtomicRmwLse i -> b.put4(atomicSize(i.bits()) << 30 | 0x38E0_0000 | rd(i.rs()) << 16
                    | i.op().o3() << 15 | i.op().opc() << 12 | rd(i.rn()) << 5 | rd(i.rt()));
            case AArch64Inst.CasLse i -> {
                // C6.2 CASB, CASH, CAS: size 0010001 L=1 1 Rs o0=1 11111 Rn Rt.
                checkTied(i.expected(), i.old());
                b.put4(atomicSize(i.bits()) << 30 | 0x08E0_FC00 | rd(i.old()) << 16 | rd(i.rn()) << 5 | rd(i.replacement()));
            }
            case AArch64Inst.AtomicRmwLoop i -> {
                int again = b.curOffset();
                b.put4(loadExclusive(i.bits(), i.old(), i.addr()));
                for (AArch64Inst step : i.body()) {
                    emit(step, b);
                }
                b.put4(storeExclusive(i.bits(), i.status(), i.stored(), i.addr()));
                b.put4(cbnzW(i.status(), again - b.curOffset()));
            }
            case AArch64Inst.AtomicCasLoop i -> {
                int again = b.curOffset();
                b.put4(loadExclusive(i.bits(), i.old(), i.addr()));
                emit(i.compare(), b);
                // C6.2 B.cond: 0101010 0 imm19 0 cond; out is past stlxr and cbnz, 3 words on.
                b.put4(0x5400_0000 | 3 << 5 | AArch64Cond.NE.enc());
                b.put4(storeExclusive(i.bits(), i.status(), i.replacement(), i.addr()));
                b.put4(cbnzW(i.status(), again - b.curOffset()));
            }
        }
    }

    /** C6.2 DMB with CRm = 0b1011 (ISH): 1101010100 0 00 011 0011 CRm 1 01 11111. */
    static final int DMB_ISH = 0xD503_3BBF;

    /** The size field (bits 31:30) of the load/store-exclusive and acquire/release forms. */
    private static int atomicSize(int bits) {
        return switch (bits) {
            case 8 -> 0;
            case 16 -> 1;
            case 32 -> 2;
            default -> 3;
        };
    }

    /** C6.2 LDAXRB, LDAXRH, LDAXR: size 001000 0 1 0 11111 1 11111 Rn Rt. */
    private static int loadExclusive(int bits, int rt, int rn) {
        return atomicSize(bits) << 30 | 0x085F_FC00 | rd(rn) << 5 | rd(rt);
    }

    /** C6.2 STLXRB, STLXRH, STLXR: size 001000 0 0 0 Rs 1 11111 Rn Rt (Rs, the status, a W register). */
    private static int storeExclusive(int bits, int rs, int rt, int rn) {
        return atomicSize(bits) << 30 | 0x0800_FC00 | rd(rs) << 16 | rd(rn) << 5 | rd(rt);
    }

    /** C6.2 CBNZ (32-bit): 0 011010 1 imm19 Rt, {@code offset} bytes from this instruction. */
    private static int cbnzW(int rt, int offset) {
        return 0x3500_0000 | ((offset >> 2) & 0x7FFFF) << 5 | rd(rt);
    }

    /**
     * After a call to a {@code tail}-convention callee, which popped {@code bytes} of stack
     * arguments: {@code sub sp, sp, #bytes} (C6.2 SUB (immediate)), or with the amount in x16 (IP0,
     * free after a call: the AAPCS64 lets the callee clobber it) {@code sub sp, sp, x16, uxtx}
     * (C6.2 SUB (extended register), the form that can name sp).
     */
    private static void reclaimPopped(MachBuffer b, int bytes) {
        if (bytes == 0) {
            return;
        }
        AArch64Imm12 imm = AArch64Imm12.maybeFrom(bytes);
        if (imm != null) {
            b.put4(addSubImm(AArch64AluOp.SUB, AArch64Size.S64, ZR, ZR, imm));
        } else {
            emit(new AArch64Inst.MovImm(AArch64Size.S64, AArch64Regs.X16, bytes), b);
            emit(new AArch64Inst.AluRRRExtend(AArch64AluOp.SUB, AArch64Size.S64, AArch64Regs.SP, AArch64Regs.SP,
                    AArch64Regs.X16, AArch64ExtendOp.UXTX, 0), b);
        }
    }

    /**
     * The bitmask immediate for a {@link AArch64Inst.MovImm} when a single ORR beats the move-wide
     * sequence, else null.
     */
    static AArch64ImmLogic movImmAsOrr(long value, AArch64Size size) {
        List<AArch64MoveWide.Step> seq = AArch64MoveWide.sequence(value, size);
        return seq.size() > 1 ? AArch64ImmLogic.maybeFrom(value, size) : null;
    }

    // ------------------------------------------------------------------ data processing

    private static void emitAluRRR(MachBuffer b, AArch64Inst.AluRRR i) {
        int d = rd(i.rd());
        int n = rd(i.rn());
        int m = rd(i.rm());
        AArch64Size size = i.size();
        AArch64AluOp op = i.op();
        if (op.isAddSub()) {
            b.put4(addSubShift(op, size, d, n, m, AArch64Shift.NONE));
        } else if (op.isLogical()) {
            b.put4(logicalShift(op, size, d, n, m, AArch64Shift.NONE));
        } else {
            switch (op) {
                // C6.2 SMULH / UMULH: 1 00 11011 U10 Rm 0 11111 Rn Rd.
                case SMULH -> b.put4(0x9B40_7C00 | m << 16 | n << 5 | d);
                case UMULH -> b.put4(0x9BC0_7C00 | m << 16 | n << 5 | d);
                // C6.2 ADC, ADCS, SBC, SBCS: sf op S 11010000 Rm 000000 Rn Rd.
                case ADC -> b.put4(size.sf() << 31 | 0x1A00_0000 | m << 16 | n << 5 | d);
                case ADCS -> b.put4(size.sf() << 31 | 0x3A00_0000 | m << 16 | n << 5 | d);
                case SBC -> b.put4(size.sf() << 31 | 0x5A00_0000 | m << 16 | n << 5 | d);
                case SBCS -> b.put4(size.sf() << 31 | 0x7A00_0000 | m << 16 | n << 5 | d);
                default -> {
                    // Data-processing (2 source): sf 0 0 11010110 Rm opcode Rn Rd (C6.2 UDIV,
                    // C6.2 SDIV, C6.2 LSLV, C6.2 LSRV, C6.2 ASRV, C6.2 RORV).
                    int opcode = switch (op) {
                        case UDIV -> 0b000010;
                        case SDIV -> 0b000011;
                        case LSLV -> 0b001000;
                        case LSRV -> 0b001001;
                        case ASRV -> 0b001010;
                        case RORV -> 0b001011;
                        default -> throw new IllegalStateException(op.toString());
                    };
                    b.put4(size.sf() << 31 | 0x1AC0_0000 | m << 16 | opcode << 10 | n << 5 | d);
                }
            }
        }
    }

    private static int subBit(AArch64AluOp op) {
        return op == AArch64AluOp.SUB || op == AArch64AluOp.SUBS ? 1 : 0;
    }

    private static int sBit(AArch64AluOp op) {
        return op == AArch64AluOp.ADDS || op == AArch64AluOp.SUBS ? 1 : 0;
    }

    /** C6.2 ADD (immediate), C6.2 ADDS, C6.2 SUB, C6.2 SUBS: sf op S 100010 sh imm12 Rn Rd. */
    private static int addSubImm(AArch64AluOp op, AArch64Size size, int d, int n, AArch64Imm12 imm) {
        return size.sf() << 31 | subBit(op) << 30 | sBit(op) << 29 | 0x1100_0000 | (imm.shift12() ? 1 : 0) << 22
                | imm.bits() << 10 | n << 5 | d;
    }

    /** C6.2 ADD (shifted register) and friends: sf op S 01011 shift 0 Rm imm6 Rn Rd. */
    private static int addSubShift(AArch64AluOp op, AArch64Size size, int d, int n, int m, AArch64Shift sh) {
        return size.sf() << 31 | subBit(op) << 30 | sBit(op) << 29 | 0x0B00_0000 | sh.op().enc() << 22
                | m << 16 | sh.amount() << 10 | n << 5 | d;
    }

    /** The {@code opc} of the logical instruction class and whether Rm is inverted (N). */
    private static int logicalOpc(AArch64AluOp op) {
        return switch (op) {
            case AND, BIC -> 0;
            case ORR, ORN -> 1;
            case EOR, EON -> 2;
            case ANDS, BICS -> 3;
            default -> throw new IllegalStateException(op + " is not logical");
        };
    }

    /** C6.2 AND (immediate), C6.2 ORR (immediate), ...: sf opc 100100 N immr imms Rn Rd. */
    private static int logicalImm(AArch64AluOp op, AArch64Size size, int d, int n, AArch64ImmLogic imm) {
        return size.sf() << 31 | logicalOpc(op) << 29 | 0x1200_0000 | imm.bits() << 10 | n << 5 | d;
    }

    /** C6.2 AND (shifted register), C6.2 BIC, C6.2 ORN, ...: sf opc 01010 shift N Rm imm6 Rn Rd. */
    private static int logicalShift(AArch64AluOp op, AArch64Size size, int d, int n, int m, AArch64Shift sh) {
        int inv = op == AArch64AluOp.BIC || op == AArch64AluOp.ORN || op == AArch64AluOp.EON || op == AArch64AluOp.BICS ? 1 : 0;
        return size.sf() << 31 | logicalOpc(op) << 29 | 0x0A00_0000 | sh.op().enc() << 22 | inv << 21
                | m << 16 | sh.amount() << 10 | n << 5 | d;
    }

    /** C6.2 SBFM, C6.2 UBFM: sf opc 100110 N immr imms Rn Rd, N = sf. */
    private static int bitfield(boolean signed, AArch64Size size, int d, int n, int immr, int imms) {
        return size.sf() << 31 | (signed ? 0 : 2) << 29 | 0x1300_0000 | size.sf() << 22 | immr << 16 | imms << 10 | n << 5 | d;
    }

    /**
     * Immediate shifts are aliases (C6.2 LSL, LSR, ASR, ROR (immediate)): LSL #s = UBFM
     * #(-s mod w), #(w-1-s); LSR #s = UBFM #s, #(w-1); ASR #s = SBFM #s, #(w-1); ROR #s = EXTR Rd,
     * Rn, Rn, #s (C6.2 EXTR: sf 00 100111 N 0 Rm imms Rn Rd).
     */
    private static int shiftImm(AArch64ShiftOp op, AArch64Size size, int d, int n, int s) {
        int w = size.bits();
        return switch (op) {
            case LSL -> bitfield(false, size, d, n, (w - s) & (w - 1), w - 1 - s);
            case LSR -> bitfield(false, size, d, n, s, w - 1);
            case ASR -> bitfield(true, size, d, n, s, w - 1);
            case ROR -> size.sf() << 31 | 0x1380_0000 | size.sf() << 22 | n << 16 | s << 10 | n << 5 | d;
        };
    }

    /** The ftype field of the scalar FP encodings: 00 single, 01 double. */
    private static int ftype(AArch64Size size) {
        return size == AArch64Size.S64 ? 1 : 0;
    }

    /** C4.1 Floating-point data-processing (1 source): 0 0 0 11110 ftype 1 opcode 10000 Rn Rd. */
    private static int fpu1(AArch64FpuOp1 op, AArch64Size size, int d, int n) {
        return 0x1E20_4000 | ftype(size) << 22 | op.opcode() << 15 | n << 5 | d;
    }

    /** C6.2 MOVZ, C6.2 MOVN, C6.2 MOVK: sf opc 100101 hw imm16 Rd. */
    private static int moveWide(AArch64MoveWide.Op op, AArch64Size size, int d, int imm16, int shift) {
        return size.sf() << 31 | op.opc() << 29 | 0x1280_0000 | (shift / 16) << 21 | imm16 << 5 | d;
    }

    /** C6.2 CSEL, C6.2 CSINC, C6.2 CSINV, C6.2 CSNEG: sf op 0 11010100 Rm cond 0 o2 Rn Rd. */
    private static int csel(AArch64Inst.CSelOp op, AArch64Size size, AArch64Cond cond, int d, int n, int m) {
        int o = op == AArch64Inst.CSelOp.CSINV || op == AArch64Inst.CSelOp.CSNEG ? 1 : 0;
        int o2 = op == AArch64Inst.CSelOp.CSINC || op == AArch64Inst.CSelOp.CSNEG ? 1 : 0;
        return size.sf() << 31 | o << 30 | 0x1A80_0000 | m << 16 | cond.enc() << 12 | o2 << 10 | n << 5 | d;
    }

    // ------------------------------------------------------------------ memory

    /**
     * Load/store register, all addressing forms (C4.1 "Loads and Stores"): size 111 0 ... opc ... Rn Rt with
     * unsigned offset (C6.2 LDR (immediate), 01 in bits 25..24, scaled imm12), unscaled and
     * pre/post-indexed (imm9, bits 11..10 = 00/11/01), register offset (C6.2 LDR (register):
     * 1 Rm option S 10) and literal (C6.2 LDR (literal), C6.2 LDRSW (literal)).
     */
    private static void emitLoadStore(MachBuffer b, AArch64MemOp op, int t, AArch64Amode amode) {
        // Bit 26 (V) selects the SIMD&FP register file (C4.1 "Loads and Stores"); the rest is shared.
        int sizeOpc = op.log2Bytes() << 30 | op.opc() << 22 | (op.isFp() ? 1 << 26 : 0);
        switch (amode) {
            case AArch64Amode.UnsignedOffset(int base, int offset) -> {
                int scaled = offset >> op.log2Bytes();
                if (offset % op.bytes() != 0 || scaled > 0xFFF) {
                    throw new IllegalStateException("offset " + offset + " does not scale for " + op);
                }
                b.put4(0x3900_0000 | sizeOpc | scaled << 10 | rd(base) << 5 | t);
            }
            case AArch64Amode.Unscaled(int base, int offset) -> b.put4(0x3800_0000 | sizeOpc | (offset & 0x1FF) << 12 | rd(base) << 5 | t);
            case AArch64Amode.PreIndexed(int base, int offset) -> b.put4(0x3800_0C00 | sizeOpc | (offset & 0x1FF) << 12 | rd(base) << 5 | t);
            case AArch64Amode.PostIndexed(int base, int offset) -> b.put4(0x3800_0400 | sizeOpc | (offset & 0x1FF) << 12 | rd(base) << 5 | t);
            case AArch64Amode.RegOffset(int base, int index, AArch64ExtendOp ext, boolean scaled) ->
                    b.put4(0x3820_0800 | sizeOpc | rd(index) << 16 | ext.enc() << 13 | (scaled ? 1 : 0) << 12 | rd(base) << 5 | t);
            case AArch64Amode.Label(int label) -> {
                b.useLabelAtOffset(b.curOffset(), label, AArch64LabelUse.Ldr19);
                b.put4(literalOpcode(op) | t);
            }
            case AArch64Amode.Const(long value, int size) -> {
                int label = b.addConstant(value, size);
                b.useLabelAtOffset(b.curOffset(), label, AArch64LabelUse.Ldr19);
                b.put4(literalOpcode(op) | t);
            }
            case AArch64Amode.SpillSlot a -> throw new IllegalStateException("spill slot must be resolved by the frame: " + a);
            case AArch64Amode.StackSlot a -> throw new IllegalStateException("stack slot must be resolved by the frame: " + a);
        }
    }

    private static int literalOpcode(AArch64MemOp op) {
        return switch (op) {
            case LDR32 -> 0x1800_0000;
            case LDR64 -> 0x5800_0000;
            case LDRSW -> 0x9800_0000;
            // C6.2 LDR (literal, SIMD&FP): opc 00 s, 01 d.
            case LDRS -> 0x1C00_0000;
            case LDRD -> 0x5C00_0000;
            default -> throw new IllegalStateException(op + " has no literal form");
        };
    }

    /**
     * C6.2 LDP, C6.2 STP (64-bit): 10 101 0 type L imm7 Rt2 Rn Rt with type 010 signed
     * offset, 011 pre-index, 001 post-index; imm7 counts 8-byte units.
     */
    private static int pair(boolean load, int t, int t2, AArch64PairAmode amode) {
        int type = switch (amode) {
            case AArch64PairAmode.SignedOffset a -> 2;
            case AArch64PairAmode.PreIndexed a -> 3;
            case AArch64PairAmode.PostIndexed a -> 1;
        };
        return 0xA800_0000 | type << 23 | (load ? 1 : 0) << 22 | ((amode.offset() / 8) & 0x7F) << 15
                | t2 << 10 | rd(amode.base()) << 5 | t;
    }

    // ------------------------------------------------------------------ branches

    /** B (C6.2 B), announced to the buffer as an unconditional branch. */
    private static void emitJump(MachBuffer b, int label) {
        b.addUncondBranch(label, AArch64LabelUse.Branch26, 0, 4);
        b.put4(B);
    }

    /** The branch word with a zero offset field, and the label-use kind of that field. */
    private static int condBranchWord(AArch64CondBrKind kind) {
        return switch (kind) {
            // C6.2 B.cond: 0101010 0 imm19 0 cond.
            case AArch64CondBrKind.Cond(AArch64Cond c) -> 0x5400_0000 | c.enc();
            // C6.2 CBZ, C6.2 CBNZ: sf 011010 op imm19 Rt.
            case AArch64CondBrKind.Zero(int r, AArch64Size size, boolean nz) -> size.sf() << 31 | 0x3400_0000 | (nz ? 1 : 0) << 24 | rd(r);
            // C6.2 TBZ, C6.2 TBNZ: b5 011011 op b40 imm14 Rt.
            case AArch64CondBrKind.TestBit(int r, int bit, boolean nz) ->
                    (bit >>> 5) << 31 | 0x3600_0000 | (nz ? 1 : 0) << 24 | (bit & 31) << 19 | rd(r);
        };
    }

    private static AArch64LabelUse condBranchUse(AArch64CondBrKind kind) {
        return kind instanceof AArch64CondBrKind.TestBit ? AArch64LabelUse.Branch14 : AArch64LabelUse.Branch19;
    }

    private static void emitCondBranch(MachBuffer b, AArch64CondBrKind kind, int label) {
        int word = condBranchWord(kind);
        b.addCondBranch(label, condBranchUse(kind), 0, 4, le(condBranchWord(kind.invert())));
        b.put4(word);
    }

    /**
     * ADR (C6.2 ADR) to the table 16 bytes on, LDRSW (C6.2 LDRSW (register)) of the entry, ADD
     * (shifted register), BR; then the table, whose PCRel32 entries carry the in-field addend
     * {@code entry - table} so that they hold {@code target - table}.
     */
    private static void emitJmpTable(MachBuffer b, AArch64Inst.JmpTableSeq i) {
        int t1 = rd(i.tmp1());
        int t2 = rd(i.tmp2());
        b.put4(0x1000_0000 | (16 >> 2) << 5 | t1);
        b.put4(0x3820_0800 | 2 << 30 | 2 << 22 | rd(i.idx()) << 16 | AArch64ExtendOp.UXTW.enc() << 13 | 1 << 12 | t1 << 5 | t2);
        b.put4(addSubShift(AArch64AluOp.ADD, AArch64Size.S64, t1, t1, t2, AArch64Shift.NONE));
        b.put4(0xD61F_0000 | t1 << 5);
        int tableStart = b.curOffset();
        for (int target : i.targets()) {
            int at = b.curOffset();
            b.useLabelAtOffset(at, target, AArch64LabelUse.PCRel32);
            b.put4(at - tableStart);
        }
    }

    /** UDF #code, the out-of-line trap instruction; cloned by the buffer. */
    static byte[] udfBytes(int trapCode) {
        return le(trapCode);
    }

    // ------------------------------------------------------------------ primitives

    private static byte[] le(int w) {
        return new byte[] {(byte) w, (byte) (w >>> 8), (byte) (w >>> 16), (byte) (w >>> 24)};
    }

    /** Hardware number of a GPR operand (31 for sp/zr). */
    private static int rd(int reg) {
        if (Reg.cls(reg) != Reg.INT) {
            throw new IllegalStateException("not a general-purpose register: " + Reg.toString(reg));
        }
        return Reg.hwEnc(reg);
    }

    private static int vr(int reg) {
        if (Reg.cls(reg) != Reg.FLOAT) {
            throw new IllegalStateException("not a SIMD&FP register: " + Reg.toString(reg));
        }
        return Reg.hwEnc(reg);
    }

    private static void checkTied(int src, int dst) {
        if (src != dst) {
            throw new IllegalStateException("tied operands differ: " + Reg.toString(src) + " vs " + Reg.toString(dst));
        }
    }
}
