/**
 * Running machine code that may trap, in a child JVM. {@link dev.davit.jit.isolated.IsolatedExecutor}
 * starts an {@link dev.davit.jit.isolated.IsolatedWorker} with this JVM's {@code java} and sends it
 * module images and calls over the worker's stdin/stdout (format in {@code Protocol}); the worker
 * loads them with {@link dev.davit.jit.JitModule} and answers with results. A trap kills the
 * worker, which — thanks to HotSpot signal chaining through the JDK's {@code libjsig} and a
 * six-instruction handler — exits with status 128 + signal, read back as
 * {@link dev.davit.jit.isolated.CallOutcome.Trapped}; without libjsig the signal is read from
 * HotSpot's crash report instead. A call that overruns its time limit gets the worker killed
 * ({@link dev.davit.jit.isolated.CallOutcome.TimedOut}). Either way the next call starts a new
 * worker and reloads the modules it needs.
 */
package dev.davit.jit.isolated;
