package dev.davit.lower.aarch64.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.davit.codegen.isa.TargetIsa;
import org.junit.jupiter.api.Test;

/** Printed VCode of small functions: what the rules select, before and after register allocation. */
class VCodePrintTest {
    @Test
    void addSubFoldImmediatesAndShiftedOperands() throws TargetIsa.CompileError {
        assertEquals("""
                block0:
                  // args %v192=x0, %v193=x1
                  add %v206, %v192, #0xfff
                  sub %v205, %v206, #0x10
                  sub %v204, %v205, #0x3, lsl #12
                  add %v203, %v204, %v193, lsl #3
                  ret

                ; after register allocation:
                block0:
                  // args x0=x0, x1=x1
                  add x0, x0, #0xfff
                  sub x0, x0, #0x10
                  sub x0, x0, #0x3, lsl #12
                  add x0, x0, x1, lsl #3
                  ret
                """, LowerTestSupport.full("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = iconst.i64 4095
                    v3 = iadd v0, v2
                    v4 = iconst.i64 -16
                    v5 = iadd v3, v4
                    v6 = iconst.i64 0x3000
                    v7 = isub v5, v6
                    v8 = iconst.i64 3
                    v9 = ishl v1, v8
                    v10 = iadd v7, v9
                    return v10
                }
                """));
    }

    @Test
    void multiplyAddAndSubtractFuse() throws TargetIsa.CompileError {
        assertEquals("""
                block0:
                  // args %v192=x0, %v193=x1, %v194=x2
                  madd %v200, %v193, %v194, %v192
                  msub %v199, %v200, %v200, %v192
                  ret
                """, LowerTestSupport.vcode("""
                function %f(i32, i32, i32) -> i32 {
                block0(v0: i32, v1: i32, v2: i32):
                    v3 = imul v1, v2
                    v4 = iadd v0, v3
                    v5 = imul v4, v4
                    v6 = isub v0, v5
                    return v6
                }
                """));
    }

    @Test
    void logicalImmediatesAndNegatedOperands() throws TargetIsa.CompileError {
        assertEquals("""
                block0:
                  // args %v192=x0, %v193=x1
                  and %v203, %v192, #0xff00
                  orn %v202, %v203, %v193
                  movz %v200, #0x1234
                  eor %v201, %v202, %v200
                  ret
                """, LowerTestSupport.vcode("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = iconst.i64 0xff00
                    v3 = band v0, v2
                    v4 = bnot v1
                    v5 = bor v3, v4
                    v6 = iconst.i64 0x1234
                    v7 = bxor v5, v6
                    return v7
                }
                """));
    }

    @Test
    void narrowCompareFusesIntoTheBranchAndShiftsMaskTheirAmount() throws TargetIsa.CompileError {
        assertEquals("""
                block0:
                  // args %v192=x0, %v193=x1
                  uxtb %v203, %v192
                  uxtb %v204, %v193
                  cmp %v203, %v204
                  b.lo .L1
                b .L2
                  ; succs: block1 block2
                block1:
                  uxtb %v200, %v192
                  and %v201, %v193, #0x7
                  lsr %v202, %v200, %v201
                  ret
                block2:
                  sxtb %v197, %v193
                  and %v198, %v192, #0x7
                  asr %v199, %v197, %v198
                  ret
                """, LowerTestSupport.vcode("""
                function %f(i8, i8) -> i8 {
                block0(v0: i8, v1: i8):
                    v2 = icmp ult v0, v1
                    brif v2, block1, block2
                block1:
                    v3 = ushr v0, v1
                    return v3
                block2:
                    v4 = sshr v1, v0
                    return v4
                }
                """));
    }

    @Test
    void selectUsesCselAndBrifOnAValueUsesCbnz() throws TargetIsa.CompileError {
        assertEquals("""
                block0:
                  // args %v192=x0, %v193=x1, %v194=x2
                  cmp %v192, #0xa
                  csel %v200, %v193, %v194, gt
                  cbnz %v192, .L1
                b .L2
                  ; succs: block1 block2
                block1:
                  ret
                block2:
                  cbz %v194, .Ltrap65532
                  udiv %v199, %v193, %v194
                  ret
                """, LowerTestSupport.vcode("""
                function %f(i32, i64, i64) -> i64 {
                block0(v0: i32, v1: i64, v2: i64):
                    v3 = iconst.i32 10
                    v4 = icmp sgt v0, v3
                    v5 = select v4, v1, v2
                    brif v0, block1, block2
                block1:
                    return v5
                block2:
                    v6 = udiv v1, v2
                    return v6
                }
                """));
    }

    @Test
    void loadsAndStoresPickTheirAddressingModes() throws TargetIsa.CompileError {
        assertEquals("""
                block0:
                  // args %v192=x0, %v193=x1
                  ldr %v205, [%v192, #8]
                  ldursh %v204, [%v192, #-2]
                  ldrb %v203, [%v192, %v193]
                  movz %v202, #0x1, lsl #16
                  str %v205, [%v192, %v202]
                  strb %v204, [%v192, #1]
                  add %v201, %v205, %v204
                  add %v200, %v201, %v203
                  ret
                """, LowerTestSupport.vcode("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = load.i64 v0+8
                    v3 = sload16.i64 v0-2
                    v4 = iadd v0, v1
                    v5 = uload8.i64 v4
                    istore32 v2, v0+0x10000
                    istore8 v3, v0+1
                    v6 = iadd v2, v3
                    v7 = iadd v6, v5
                    return v7
                }
                """));
    }

    @Test
    void signedRemainderChecksTheDivisorAndUsesMsub() throws TargetIsa.CompileError {
        assertEquals("""
                block0:
                  // args %v192=x0, %v193=x1
                  sxth %v195, %v193
                  cbz %v195, .Ltrap65532
                  sxth %v196, %v192
                  sdiv %v197, %v196, %v195
                  msub %v198, %v197, %v195, %v196
                  ret
                """, LowerTestSupport.vcode("""
                function %f(i16, i16) -> i16 {
                block0(v0: i16, v1: i16):
                    v2 = srem v0, v1
                    return v2
                }
                """));
    }
}
