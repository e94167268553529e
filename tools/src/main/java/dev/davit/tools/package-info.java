/**
 * {@code clif-util}, the command line (picocli): {@link dev.davit.tools.ClifUtil} dispatches to one
 * class per sub-command — {@code test} and {@code run} (the filetest runner), {@code cat},
 * {@code interpret}, {@code compile} (a {@code TargetIsa} from the file's target line or
 * {@code --target}, optionally through the compile cache), {@code bench}, {@code isle} and
 * {@code fuzz}. Commands print results on stdout, problems on stderr with {@code file:line}, and
 * exit 0 (all well), 1 (a file failed) or 2 (bad arguments).
 */
package dev.davit.tools;
