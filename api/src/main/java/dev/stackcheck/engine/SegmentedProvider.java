package dev.stackcheck.engine;

/** Makes {@link SegmentedEngine}s; without a profile they run with Go 1.2's sizes ({@link Profile#GO1_2}). */
public final class SegmentedProvider implements StackEngineProvider {
    @Override
    public String name() {
        return "segmented";
    }

    @Override
    public String description() {
        return "segmented stacks (Go <= 1.2, GCC split stacks): morestack, stack-info record, lessstack";
    }

    @Override
    public EngineParams defaultParams() {
        return Profile.GO1_2.params();
    }

    @Override
    public StackEngine create(EngineParams params) {
        return new SegmentedEngine(params);
    }
}
