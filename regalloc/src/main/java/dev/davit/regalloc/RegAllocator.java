package dev.davit.regalloc;

/**
 * Entry points: {@link #allocate(RegFunction, MachineEnv)}, or an instance ({@code new
 * RegAllocator(env)}, then {@link #allocate(RegFunction)} per function) that a compiler thread
 * keeps: it reuses its working arrays (grown to the largest function seen, cleared per function)
 * instead of allocating them per function. The static entry points do the same through a
 * per-thread instance.
 *
 * <p>The algorithm (a linear scan over whole live intervals with eviction, plus per-operand
 * splitting):
 * <ol>
 *   <li>Validate the function and lay it out: six positions per instruction, loop depth from
 *       back edges as a frequency estimate.</li>
 *   <li>Liveness: per-block live-in bitsets by backward dataflow to a fixpoint (loops included).
 *       Live ranges with holes per vreg, built backwards block by block.</li>
 *   <li>Fixed segments per physical register: clobbers (at the clobber point between early and
 *       late) and fixed-register operands (owned by their vreg, whose interval may overlap them so
 *       a value can already sit in the register it is needed in).</li>
 *   <li>Vreg intervals in order of start each get one register for their whole lifetime: the
 *       hinted one (fixed uses, moves, block-param arguments, reused inputs), else the first free
 *       one in preference order, else one whose occupants all have a lower spill weight (uses
 *       weighted by loop depth over length), which are evicted; else the interval is spilled and
 *       lives in a stack slot.</li>
 *   <li>A spilled vreg's interval is split around each operand that needs a register: the
 *       operand gets a temporary register for just that instruction (loaded before it, stored
 *       after it), found free or by evicting a vreg.</li>
 *   <li>Operands whose home does not satisfy their constraint (a fixed register, a reused input,
 *       a stack-only operand, a temporary) get moves before and after the instruction; block
 *       parameters get moves on their edges (at the end of a single-successor predecessor, else at
 *       the start of the single-predecessor successor). Each group of moves is a parallel move,
 *       sequentialized with cycles broken through the scratch register or a spill slot.</li>
 *   <li>Spilled vregs share slots when their lifetimes do not overlap.</li>
 * </ol>
 * With {@link Options#splitIntervals()}, an interval that finds a register free for only part of
 * its life (and uses it there) takes it up to a split point (before an instruction, or the start
 * of the coldest block on the way), and the rest is allocated on its own (Wimmer-style); the
 * parts' locations are reconciled by moves at the split points and on CFG edges. On random
 * programs this trades about 5% fewer memory accesses for about 10% more register moves, so it is
 * off by default until measured on real code.
 * Run {@link dev.davit.regalloc.checker.Checker} on the result to verify it symbolically.
 *
 * <p>Hot-path data: per-register occupied and fixed segments are sorted int arrays searched by
 * galloping from a per-register cursor that follows the scan position (linear scan queries are
 * monotone), liveness is bitsets of long words that skip the words of the pinned indices, and
 * nothing is allocated per function except the {@link Output}'s own arrays.
 */
public final class RegAllocator {
    private final MachineEnv env;
    private final Options options;
    private final LinearScan scan;

    /** The allocator the static entry points reuse on each thread (for the last env/options). */
    private static final ThreadLocal<RegAllocator> CACHED = new ThreadLocal<>();

    /**
     * An allocator for {@code env} that keeps its working arrays between functions: reuse one
     * instance per thread (it is not thread-safe) to avoid reallocating them for every function.
     */
    public RegAllocator(MachineEnv env) {
        this(env, Options.DEFAULT);
    }

    /** Like {@link #RegAllocator(MachineEnv)}, with options. */
    public RegAllocator(MachineEnv env, Options options) {
        this.env = java.util.Objects.requireNonNull(env, "env");
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.scan = new LinearScan(env, options.splitIntervals());
    }

    public MachineEnv env() {
        return env;
    }

    public Options options() {
        return options;
    }

    /**
     * Allocates registers for {@code f} (as {@link #allocate(RegFunction, MachineEnv)}). The
     * returned {@link Output} owns its arrays: it stays valid after later calls.
     */
    public Output allocate(RegFunction f) {
        return scan.run(f);
    }

    /**
     * Allocates registers for {@code f}. Reuses a per-thread {@link RegAllocator} for {@code env}
     * (the one of the previous call on this thread if it had an env with the same registers and
     * the same options), so
     * repeated calls do not reallocate the working arrays.
     *
     * @throws RegAllocException if {@code f} breaks a rule of {@link RegFunction} or its
     *     constraints cannot be met with the registers of {@code env}
     */
    public static Output allocate(RegFunction f, MachineEnv env) {
        return allocate(f, env, Options.DEFAULT);
    }

    /** Like {@link #allocate(RegFunction, MachineEnv)}, with options. */
    public static Output allocate(RegFunction f, MachineEnv env, Options options) {
        RegAllocator ra = CACHED.get();
        if (ra == null || !ra.env.sameAs(env) || !ra.options.equals(options)) {
            ra = new RegAllocator(env, options);
            CACHED.set(ra);
        }
        return ra.allocate(f);
    }

    /**
     * Allocator options.
     *
     * @param splitIntervals split live intervals at partial conflicts and spills (see above)
     */
    public record Options(boolean splitIntervals) {
        public static final Options DEFAULT = new Options(false);
    }
}
