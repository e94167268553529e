/**
 * Filecheck: the text-matching language of Cranelift's filetests ({@code check:}, {@code sameln:},
 * {@code nextln:}, {@code unordered:}, {@code not:}, {@code regex:} and {@code $VAR} /
 * {@code $(VAR=regex)} variables). {@link dev.davit.filetests.filecheck.Checker#parse} turns a
 * function's comments into directives; {@link dev.davit.filetests.filecheck.Checker#check} matches
 * them against a sub-test's output and explains the first failure.
 */
package dev.davit.filetests.filecheck;
