/**
 * Stack engines: the {@link dev.stackcheck.engine.StackEngine} contract that a third party implements
 * (found through {@link java.util.ServiceLoader} via {@link dev.stackcheck.engine.StackEngineProvider}),
 * and the reference engines: segmented (morestack, stack-info record, lessstack), copying (double, copy,
 * adjust with pointer maps, shrink at gc) and hybrid (Go 1.3: copy when the top segment allows, else split).
 */
package dev.stackcheck.engine;
