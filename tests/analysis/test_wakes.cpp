// What woke whom, computed once (analysis/wakes.h) and read by the timeline, the Perfetto export and Why?.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "analysis/timeline.h"
#include "analysis/wakes.h"
#include "analysis/why.h"
#include "export/perfetto.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using namespace cotrace::analysis;

TEST(Wakes, EveryRunHasWhatQueuedItAndTheTimelineWhyAndPerfettoAgree) {
    Trace trace = record(*find_walkthrough("triple_main"));
    std::vector<Wake> all = wakes(trace);
    size_t runs = 0;
    for (size_t i = 0; i < trace.size(); ++i) runs += trace.events.kind(i) == EventKind::run;
    EXPECT_EQ(all.size(), runs);

    // main_task's wake-up: queued by triple_task's set_result.
    auto wakeup = std::find_if(all.begin(), all.end(), [&](const Wake& w) { return trace.role(w.handle) == ObjectRole::task_wakeup; });
    ASSERT_NE(wakeup, all.end());
    EXPECT_EQ(trace.name(wakeup->task), "main_task");
    EXPECT_EQ(wakeup->why.cause, WakeCause::done_callback);
    const Event completion = trace.events[wakeup->why.cause_event];
    EXPECT_EQ(completion.kind, EventKind::set_result);
    EXPECT_EQ(trace.name(completion.subject), "triple_task");

    // The timeline's arrow starts at that very completion (it used to start at the call_soon after it).
    TimelineModel model = build_timeline(trace);
    ASSERT_EQ(model.arrows.size(), 1u);
    EXPECT_EQ(model.arrows[0].from_event, wakeup->why.cause_event);
    EXPECT_EQ(model.arrows[0].to_event, wakeup->run);

    // Why? names the same step.
    WhyChain chain = why(trace, wakeup->run + 2);
    bool names_it = std::any_of(chain.links.begin(), chain.links.end(),
                                [&](const WhyLink& link) { return link.step == wakeup->why.cause_event + 1; });
    EXPECT_TRUE(names_it);

    // Perfetto draws one flow for each done callback the loop ran, from its completion's step.
    std::ostringstream out;
    exports::write_perfetto(trace, out);
    size_t flows = 0;
    for (size_t at = 0; (at = out.str().find("\"ph\":\"s\"", at)) != std::string::npos; ++at) ++flows;
    size_t done_callbacks = std::count_if(all.begin(), all.end(), [](const Wake& w) { return w.why.cause == WakeCause::done_callback; });
    EXPECT_EQ(flows, done_callbacks);
    EXPECT_NE(out.str().find("\"ph\":\"s\",\"ts\":"), std::string::npos);
}

TEST(Wakes, EachCauseIsToldFromTheEventsNotTheNames) {
    Trace trace = record(*find_walkthrough("io_gather"));
    std::map<WakeCause, size_t> causes;
    for (const Wake& wake : wakes(trace)) ++causes[wake.why.cause];
    EXPECT_GT(causes[WakeCause::first_step], 0u);
    EXPECT_GT(causes[WakeCause::timer], 0u);
    EXPECT_GT(causes[WakeCause::done_callback], 0u);
}
