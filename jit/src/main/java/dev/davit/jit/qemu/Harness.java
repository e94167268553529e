package dev.davit.jit.qemu;

/**
 * The AArch64 program that runs the calls: its machine code, kept next to its assembly so the two
 * cannot drift apart ({@code ListingsTest} feeds the assembly column to {@code aarch64-linux-gnu-as}
 * and compares). Everything else in this package only needs the layout constants below.
 *
 * <p>The harness owns a control block in the writable segment, whose address it reads from the
 * literal {@code ctl} at the end of its code (patched by {@link QemuRunner}); it reloads that
 * address after every call instead of keeping it in a register, so a callee that breaks the
 * AAPCS64 (clobbers x19..x28 or does not restore sp) still gets its result reported, and the
 * runner can say what was broken.
 *
 * <p>Per call it writes one fixed-size record to stdout right after the call returns. A trap
 * kills the process in the middle of a call, so the number of whole records on stdout says which
 * call was running; nothing is buffered in the guest that a trap could lose.
 */
final class Harness {
    private Harness() {}

    // Control block, at the start of the writable segment.
    static final int CTL_COUNT = 0;          // u64 number of calls
    static final int CTL_INDEX = 8;          // u64 index of the call running now (the progress word)
    static final int CTL_SAVED_SP = 16;      // u64 sp before the call
    static final int CTL_CANARY_X = 32;      // x19..x28 loaded before each call
    static final int CTL_CANARY_D = 112;     // d8..d15 loaded before each call
    static final int CTL_RECORD = 192;       // the record being written
    static final int CTL_TABLE = 1024;       // the call table

    // A call table entry.
    static final int ENTRY_SIZE = 224;
    static final int ENTRY_FN = 0, ENTRY_X8 = 8, ENTRY_X = 16, ENTRY_Q = 80, ENTRY_STACK_ADDR = 208, ENTRY_STACK_SIZE = 216;

    // A result record, as written to stdout.
    static final int RECORD_SIZE = 608;
    static final int REC_INDEX = 0, REC_SP_DELTA = 8, REC_X = 16, REC_Q = 80, REC_X19 = 208, REC_D8 = 288, REC_SRET = 352;
    /**
     * Bytes of the return area (x8) copied into each record, for results returned in memory
     * (AAPCS64 §6.9, Cranelift's {@code enable_multi_ret_implicit_sret}).
     */
    static final int SRET_REPORTED = 256;

    /** Exit status of the harness when a {@code write} to stdout came back short. */
    static final int EXIT_SHORT_WRITE = 3;

    /**
     * Machine words (hex) and the assembly they came from. Labels have no words;
     * {@code ctl} is an 8-byte slot filled in per executable.
     *
     * <p>Why it looks the way it does: sp is 16-byte aligned at each {@code blr} (AAPCS64 §6.4.5.1;
     * the kernel already starts a process so, the {@code and} only makes it independent of that);
     * x17 (IP1) carries the target because the AAPCS64 lets any call clobber it; x8 gets a scratch
     * area in case the callee returns a struct indirectly (AAPCS64 §6.9), whose first
     * {@link #SRET_REPORTED} bytes go into the record after the call; stack arguments, laid
     * out by the runner, are copied to the bottom of the stack so they start at sp at the call
     * (AAPCS64 §6.8.2 stage C), and the harness takes its sp back from the control block after
     * the call, whoever was to pop them; the callee-saved
     * x19..x28 and d8..d15 (AAPCS64 §6.1.1, §6.1.2) get known values before the call and are
     * reported after it. Syscalls use the Linux AArch64 ABI: number in x8, arguments in x0..x5,
     * {@code svc #0}; 64 is {@code write}, 94 {@code exit_group}.
     */
    static final String LISTING = """
            _start:
            58000bc9          ldr     x9, ctl
            910003ea          mov     x10, sp
            927ced4a          and     x10, x10, #-16
            9100015f          mov     sp, x10
            next:
            58000b49          ldr     x9, ctl
            a9402d2a          ldp     x10, x11, [x9]          // count, index
            eb0a017f          cmp     x11, x10
            54000a02          b.hs    done
            d2801c0c          mov     x12, #224               // ENTRY_SIZE
            9b0c256c          madd    x12, x11, x12, x9
            9110018c          add     x12, x12, #1024         // CTL_TABLE: x12 = this call's entry
            910003ed          mov     x13, sp
            f900092d          str     x13, [x9, #16]          // CTL_SAVED_SP
            a94d3d8e          ldp     x14, x15, [x12, #208]   // ENTRY_STACK_ADDR, ENTRY_STACK_SIZE (a multiple of 16)
            cb2f63ff          sub     sp, sp, x15
            910003ed          mov     x13, sp
            copy:
            b40000af          cbz     x15, copied
            a8c145d0          ldp     x16, x17, [x14], #16
            a88145b0          stp     x16, x17, [x13], #16
            d10041ef          sub     x15, x15, #16
            17fffffc          b       copy
            copied:
            a9425133          ldp     x19, x20, [x9, #32]     // CTL_CANARY_X
            a9435935          ldp     x21, x22, [x9, #48]
            a9446137          ldp     x23, x24, [x9, #64]
            a9456939          ldp     x25, x26, [x9, #80]
            a946713b          ldp     x27, x28, [x9, #96]
            6d472528          ldp     d8, d9, [x9, #112]      // CTL_CANARY_D
            6d482d2a          ldp     d10, d11, [x9, #128]
            6d49352c          ldp     d12, d13, [x9, #144]
            6d4a3d2e          ldp     d14, d15, [x9, #160]
            ad428580          ldp     q0, q1, [x12, #80]      // ENTRY_Q
            ad438d82          ldp     q2, q3, [x12, #112]
            ad449584          ldp     q4, q5, [x12, #144]
            ad459d86          ldp     q6, q7, [x12, #176]
            a9420d82          ldp     x2, x3, [x12, #32]      // ENTRY_X
            a9431584          ldp     x4, x5, [x12, #48]
            a9441d86          ldp     x6, x7, [x12, #64]
            a9410580          ldp     x0, x1, [x12, #16]
            a9402191          ldp     x17, x8, [x12]          // ENTRY_FN, ENTRY_X8
            d63f0220          blr     x17
            580006c9          ldr     x9, ctl
            9103012a          add     x10, x9, #192           // CTL_RECORD
            a9010540          stp     x0, x1, [x10, #16]      // REC_X
            a9020d42          stp     x2, x3, [x10, #32]
            a9031544          stp     x4, x5, [x10, #48]
            a9041d46          stp     x6, x7, [x10, #64]
            ad028540          stp     q0, q1, [x10, #80]      // REC_Q
            ad038d42          stp     q2, q3, [x10, #112]
            ad049544          stp     q4, q5, [x10, #144]
            ad059d46          stp     q6, q7, [x10, #176]
            a90d5153          stp     x19, x20, [x10, #208]   // REC_X19
            a90e5955          stp     x21, x22, [x10, #224]
            a90f6157          stp     x23, x24, [x10, #240]
            a9106959          stp     x25, x26, [x10, #256]
            a911715b          stp     x27, x28, [x10, #272]
            6d122548          stp     d8, d9, [x10, #288]     // REC_D8
            6d132d4a          stp     d10, d11, [x10, #304]
            6d14354c          stp     d12, d13, [x10, #320]
            6d153d4e          stp     d14, d15, [x10, #336]
            f940052b          ldr     x11, [x9, #8]           // CTL_INDEX
            d2801c0c          mov     x12, #224               // ENTRY_SIZE
            9b0c256c          madd    x12, x11, x12, x9
            f942058e          ldr     x14, [x12, #1032]       // CTL_TABLE + ENTRY_X8: the return area the callee got
            9105814d          add     x13, x10, #352          // REC_SRET
            d280200f          mov     x15, #256               // SRET_REPORTED
            sret:
            a8c145d0          ldp     x16, x17, [x14], #16
            a88145b0          stp     x16, x17, [x13], #16
            f10041ef          subs    x15, x15, #16
            54ffffa1          b.ne    sret
            f940052b          ldr     x11, [x9, #8]
            f940092c          ldr     x12, [x9, #16]
            910003ed          mov     x13, sp
            cb0c01ad          sub     x13, x13, x12           // 0 unless the callee failed to restore sp
            a900354b          stp     x11, x13, [x10]         // REC_INDEX, REC_SP_DELTA
            9100019f          mov     sp, x12
            d2800020          mov     x0, #1                  // stdout
            aa0a03e1          mov     x1, x10
            d2804c02          mov     x2, #608                // RECORD_SIZE, below PIPE_BUF: one atomic write
            d2800808          mov     x8, #64                 // write
            d4000001          svc     #0
            f109801f          cmp     x0, #608
            54000121          b.ne    short
            58000189          ldr     x9, ctl
            f940052b          ldr     x11, [x9, #8]
            9100056b          add     x11, x11, #1
            f900052b          str     x11, [x9, #8]
            17ffffae          b       next
            done:
            d2800000          mov     x0, #0
            d2800bc8          mov     x8, #94                 // exit_group
            d4000001          svc     #0
            short:
            d2800060          mov     x0, #3                  // EXIT_SHORT_WRITE
            d2800bc8          mov     x8, #94
            d4000001          svc     #0
            d503201f          nop                             // aligns ctl to 8 bytes
            ctl:
            00000000 00000000 .quad   0
            """;

    /** The code, {@code ctl} slot included (zero). */
    static final byte[] CODE = Listing.code(LISTING);
    /** Offset of the {@code ctl} slot in {@link #CODE}. */
    static final int CTL_SLOT = Listing.labelOffset(LISTING, "ctl");

    static {
        if (CTL_SLOT < 0 || CTL_SLOT % 8 != 0) throw new AssertionError("ctl slot misplaced: " + CTL_SLOT);
    }
}
