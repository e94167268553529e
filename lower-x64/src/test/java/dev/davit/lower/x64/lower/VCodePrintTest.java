package dev.davit.lower.x64.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.codegen.machinst.LoweringException;
import org.junit.jupiter.api.Test;

/** Printed VCode of small functions: what the rules select, before register allocation. */
class VCodePrintTest {
    static String lower(String clif) throws LoweringException {
        return LowerTestSupport.print(clif);
    }

    static String lower(String clif, boolean features) throws LoweringException {
        return LowerTestSupport.lower(LowerTestSupport.parse(clif), new X64LowerBackend(features, features, features)).toString();
    }

    @Test
    void addFoldsConstantsOnEitherSide() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  add %v201, %v193
                  add %v200, 0x5
                  add %v199, -0x1
                  ret
                """, lower("""
                function %f(i32, i32) -> i32 {
                block0(v0: i32, v1: i32):
                    v2 = iadd v0, v1
                    v3 = iconst.i32 5
                    v4 = iadd v2, v3
                    v5 = iconst.i32 -1
                    v6 = iadd v5, v4
                    return v6
                }
                """));
    }

    @Test
    void largeConstantsAreRematerializedAtEachUse() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi
                  movabs %v198, 0x123456789
                  add %v199, %v198
                  movabs %v196, 0x123456789
                  imul %v197, %v196
                  ret
                """, lower("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    v1 = iconst.i64 0x1_2345_6789
                    v2 = iadd v0, v1
                    v3 = imul v2, v1
                    return v3
                }
                """));
    }

    @Test
    void singleUseCompareIsFusedIntoTheBranch() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  cmp %v192, %v193
                  jl .L1
                jmp .L2
                  ; succs: block1 block2
                block1:
                  ret
                block2:
                  sub %v196, %v193
                  ret
                """, lower("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = icmp slt v0, v1
                    brif v2, block1, block2
                block1:
                    return v0
                block2:
                    v3 = isub v0, v1
                    return v3
                }
                """));
    }

    @Test
    void compareWithTwoUsesIsMaterialized() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  cmp %v192, 0x7
                  setb %v198
                  test %v198, %v198
                  jne .L1
                jmp .L2
                  ; succs: block1 block2
                block1:
                  ret
                block2:
                  mov %v197, 0x0
                  ret
                """, lower("""
                function %f(i16, i16) -> i8 {
                block0(v0: i16, v1: i16):
                    v5 = iconst.i16 7
                    v2 = icmp ult v0, v5
                    brif v2, block1, block2
                block1:
                    return v2
                block2:
                    v3 = iconst.i8 0
                    return v3
                }
                """));
    }

    @Test
    void selectOfCompareIsCmov() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  cmp %v192, %v193
                  cmova %v196, %v192
                  ret
                """, lower("""
                function %f(i32, i32) -> i32 {
                block0(v0: i32, v1: i32):
                    v2 = icmp ugt v0, v1
                    v3 = select v2, v0, v1
                    return v3
                }
                """));
    }

    @Test
    void signedDivisionChecksZeroThenLetsOverflowFault() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  test %v193, %v193
                  je .Ltrap-4
                  cdq
                  idiv %v193
                  ret
                """, lower("""
                function %f(i32, i32) -> i32 {
                block0(v0: i32, v1: i32):
                    v2 = sdiv v0, v1
                    return v2
                }
                """));
    }

    @Test
    void signedRemainderTurnsMinusOneIntoOne() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  mov %v195, 0x1
                  cmp %v193, -0x1
                  cmove %v196, %v195
                  cqo
                  idiv %v196
                  ret
                """, lower("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = srem v0, v1
                    return v2
                }
                """));
    }

    @Test
    void constantDivisorNeedsNoZeroCheck() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi
                  mov %v195, 0xa
                  cqo
                  idiv %v195
                  ret
                """, lower("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    v1 = iconst.i64 10
                    v2 = sdiv v0, v1
                    return v2
                }
                """));
    }

    @Test
    void narrowShiftMasksTheCount() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  and %v200, 0x7
                  shr %v201, cl
                  sar %v199, 3
                  rol %v198, cl
                  ret
                """, lower("""
                function %f(i8, i8) -> i8 {
                block0(v0: i8, v1: i8):
                    v2 = ushr v0, v1
                    v3 = iconst.i8 11
                    v4 = sshr v2, v3
                    v5 = rotl v4, v1
                    return v5
                }
                """));
    }

    @Test
    void bitCountsFollowTheIsaFlags() throws LoweringException {
        String clif = """
                function %f(i32) -> i32 {
                block0(v0: i32):
                    v1 = clz v0
                    v2 = ctz v1
                    return v2
                }
                """;
        assertEquals("""
                block0:
                  # args %v192=rdi
                  lzcnt %v196, %v192
                  tzcnt %v195, %v196
                  ret
                """, lower(clif, true));
        assertEquals("""
                block0:
                  # args %v192=rdi
                  bsr %v198, %v192
                  mov %v199, -0x1
                  cmove %v200, %v199
                  mov %v201, 0x1f
                  sub %v202, %v200
                  bsf %v195, %v202
                  mov %v196, 0x20
                  cmove %v197, %v196
                  ret
                """, lower(clif, false));
    }

    @Test
    void loadsAndStoresFoldAddresses() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  movsx %v199, WORD PTR [%v192+0x24]
                  mov DWORD PTR [%v192+%v193*1+0x8], %v199
                  mov BYTE PTR [%v192], 0x64
                  ret
                """, lower("""
                function %f(i64, i64) {
                block0(v0: i64, v1: i64):
                    v2 = iconst.i64 32
                    v3 = iadd v0, v2
                    v4 = sload16.i32 v3+4
                    v5 = iadd v0, v1
                    store v4, v5+8
                    v6 = iconst.i8 100
                    store v6, v0
                    return
                }
                """));
    }

    @Test
    void singleUseLoadsBecomeMemoryOperands() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  add %v198, QWORD PTR [%v192+0x8]
                  cmp %v198, QWORD PTR [%v192+0x10]
                  jb .L1
                jmp .L2
                  ; succs: block1 block2
                block1:
                  ret
                block2:
                  ret
                """, lower("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = load.i64 v0+8
                    v3 = iadd v1, v2
                    v5 = load.i64 v0+16
                    v6 = icmp ult v3, v5
                    brif v6, block1, block2
                block1:
                    return v3
                block2:
                    return v1
                }
                """));
    }

    @Test
    void loadsDoNotMoveAcrossStoresOrOtherUses() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi, %v193=rsi
                  mov %v203, QWORD PTR [%v192]
                  mov QWORD PTR [%v192+0x8], %v193
                  add %v202, %v203
                  mov %v201, QWORD PTR [%v192+0x10]
                  add %v200, %v201
                  add %v199, %v201
                  ret
                """, lower("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = load.i64 v0
                    store v1, v0+8
                    v3 = iadd v1, v2
                    v4 = load.i64 v0+16
                    v5 = iadd v3, v4
                    v6 = iadd v5, v4
                    return v6
                }
                """));
    }

    @Test
    void brTableClampsToTheDefault() throws LoweringException {
        String out = lower("""
                function %f(i32) -> i32 {
                block0(v0: i32):
                    br_table v0, block1, [block2, block3]
                block1:
                    return v0
                block2:
                    v1 = iconst.i32 1
                    return v1
                block3:
                    v2 = iconst.i32 2
                    return v2
                }
                """);
        assertTrue(out.startsWith("""
                block0:
                  # args %v192=rdi
                  mov %v197, 0x2
                  cmp %v192, %v197
                  cmovae %v198, %v197
                  lea %v199, [rip+1f]
                """), out);
        assertTrue(out.contains(".long .L2-1b\n.long .L3-1b\n.long .L1-1b\n  ; succs: block1 block2 block3"), out);
    }

    @Test
    void unsupportedTypesAreReported() {
        LoweringException e = assertThrows(LoweringException.class, () -> lower("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    v1 = uextend.i128 v0
                    v2 = imul v1, v1
                    v3 = ireduce.i64 v2
                    return v3
                }
                """));
        assertTrue(e.getMessage().contains("v2 = imul v1, v1"), e.getMessage());
    }
}
