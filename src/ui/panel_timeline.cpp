#include "panel_timeline.h"

#include <algorithm>
#include <cmath>

#include "panels.h"

namespace cotrace::ui {

void TimelinePanel::reset(const Trace& trace) {
    trace_ = &trace;
    model_ = analysis::build_timeline(trace);
    by_time_ = false;
    total_first_ = 0;
    total_last_ = std::max<double>(1, static_cast<double>(trace.events.size()));
    first_ = total_first_;
    last_ = total_last_;
}

double TimelinePanel::x_of(size_t event) const {
    if (!by_time_) return static_cast<double>(event);
    if (event >= trace_->events.size()) return trace_->events.empty() ? 0 : trace_->events.back().time;
    return trace_->events[event].time;
}

void TimelinePanel::zoom(double factor, double around) {
    double width = last_ - first_;
    double pivot = first_ + width * around;
    double new_width = std::clamp(width / factor, 1e-6, total_last_ - total_first_);
    first_ = pivot - new_width * around;
    last_ = first_ + new_width;
    pan(0);
}

void TimelinePanel::pan(double fraction) {
    double width = last_ - first_;
    first_ = std::clamp(first_ + width * fraction, total_first_, std::max(total_first_, total_last_ - width));
    last_ = first_ + width;
}

std::optional<size_t> TimelinePanel::draw(const View& view) {
    std::optional<size_t> jump;
    if (trace_ != &view.trace) reset(view.trace);
    if (ImGui::Checkbox("x: loop time", &by_time_)) {
        total_first_ = by_time_ ? x_of(0) : 0;
        total_last_ = by_time_ ? std::max(x_of(view.trace.events.size()), total_first_ + 1e-6)
                               : std::max<double>(1, static_cast<double>(view.trace.events.size()));
        first_ = total_first_;
        last_ = total_last_;
    }
    ImGui::SameLine();
    if (ImGui::Button("Whole trace")) {
        first_ = total_first_;
        last_ = total_last_;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("wheel or [ ] zoom, drag or , . pan, click a span to go there");

    const Palette& p = palette();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float label_width = 0;
    for (const auto& lane : model_.lanes) label_width = std::max(label_width, ImGui::CalcTextSize(lane.name.c_str()).x);
    label_width += ImGui::GetFontSize();
    float lane_height = ImGui::GetTextLineHeightWithSpacing() * 1.15f;

    ImGui::BeginChild("lanes", ImVec2(0, 0), true, ImGuiWindowFlags_NoScrollWithMouse);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float left = origin.x + label_width;
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    float width = std::max(right - left, 1.0f);
    auto to_pixel = [&](double x) { return left + static_cast<float>((x - first_) / (last_ - first_)) * width; };
    auto from_pixel = [&](float px) { return first_ + (px - left) / width * (last_ - first_); };

    // Mouse: the wheel zooms around the pointer, dragging pans.
    bool hovered = ImGui::IsWindowHovered();
    ImGuiIO& io = ImGui::GetIO();
    if (hovered && io.MouseWheel != 0)
        zoom(io.MouseWheel > 0 ? 1.25 : 0.8, std::clamp((io.MousePos.x - left) / width, 0.0f, 1.0f));
    if (hovered && ImGui::IsMouseDragging(0) && io.MouseDelta.x != 0) pan(-io.MouseDelta.x / width);

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(model_.lanes.size()), lane_height);
    while (clipper.Step()) {
        for (int l = clipper.DisplayStart; l < clipper.DisplayEnd; ++l) {
            const TimelineLane& lane = model_.lanes[static_cast<size_t>(l)];
            ImVec2 at = ImGui::GetCursorScreenPos();
            ImGui::TextUnformatted(lane.name.c_str());
            float top = at.y + 2, bottom = at.y + lane_height - 4;
            // The first span that may be visible, then one step per pixel column at most: spans that
            // fall in a column already drawn are folded into its mark.
            auto first_span = std::lower_bound(lane.spans.begin(), lane.spans.end(), first_,
                                               [&](const TimelineSpan& s, double x) { return x_of(s.end + 1) < x; });
            float drawn_to = -1e9f;
            for (auto span = first_span; span != lane.spans.end();) {
                float x0 = to_pixel(x_of(span->begin)), x1 = to_pixel(x_of(span->end + 1));
                if (x0 > right) break;
                x0 = std::max(x0, left);
                x1 = std::max(std::min(x1, right), x0 + 2);
                if (x1 <= drawn_to + 0.5f) {
                    // Folded: jump to the first span that starts past this column.
                    double next_x = from_pixel(std::floor(drawn_to) + 1);
                    span = std::lower_bound(span + 1, lane.spans.end(), next_x,
                                            [&](const TimelineSpan& s, double x) { return x_of(s.begin) < x; });
                    continue;
                }
                ImU32 color = span->kind == TimelineSpan::Kind::running ? ImGui::GetColorU32(p.accent)
                              : span->kind == TimelineSpan::Kind::polling ? ImGui::GetColorU32(p.warn)
                                                                          : ImGui::GetColorU32(ImVec4(p.dim.x, p.dim.y, p.dim.z, 0.35f));
                float shrink = span->kind == TimelineSpan::Kind::running ? 0 : (bottom - top) * 0.3f;
                draw->AddRectFilled(ImVec2(x0, top + shrink), ImVec2(x1, bottom - shrink), color, 2);
                drawn_to = std::max(drawn_to, x1);
                if (ImGui::IsMouseHoveringRect(ImVec2(x0, top), ImVec2(x1, bottom))) {
                    std::string what = span->kind == TimelineSpan::Kind::running ? "runs (one step)"
                                       : span->kind == TimelineSpan::Kind::polling ? "polls for I/O"
                                       : span->on ? "waits on " + view.trace.name(span->on)
                                                  : "waits on the ready queue";
                    ImGui::SetTooltip("%s %s: %s to %s", lane.name.c_str(), what.c_str(),
                                      step_label(view.player, span->begin + 1).c_str(), step_label(view.player, span->end + 1).c_str());
                    if (ImGui::IsMouseReleased(0) && std::abs(io.MouseDragMaxDistanceSqr[0]) < 9)
                        jump = span->begin + 1;
                }
                ++span;
            }
            ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + lane_height));
        }
    }
    float lanes_bottom = origin.y + lane_height * static_cast<float>(model_.lanes.size());
    // Causality: what woke whom. The arrows are in the order of the steps they wake, so those that end in
    // sight are found by binary search; of them, one per pixel column is drawn (like the spans, folded),
    // and none whose lanes are both scrolled out of sight.
    float top = draw->GetClipRectMin().y, bottom = draw->GetClipRectMax().y;
    auto first_arrow = std::partition_point(model_.arrows.begin(), model_.arrows.end(), [&](const TimelineArrow& arrow) {
        return to_pixel(x_of(arrow.to_event)) < left;
    });
    float last_column = -1;
    for (auto arrow = first_arrow; arrow != model_.arrows.end(); ++arrow) {
        float x0 = to_pixel(x_of(arrow->from_event)), x1 = to_pixel(x_of(arrow->to_event));
        if (x1 > right) break;
        if (std::floor(x1) == last_column) continue;
        float y0 = origin.y + lane_height * (static_cast<float>(arrow->from_lane) + 0.5f);
        float y1 = origin.y + lane_height * (static_cast<float>(arrow->to_lane) + 0.5f);
        if (std::max(y0, y1) < top || std::min(y0, y1) > bottom) continue;
        last_column = std::floor(x1);
        ImU32 color = ImGui::GetColorU32(p.good);
        draw->AddLine(ImVec2(x0, y0), ImVec2(x1, y1), color, 1.5f);
        float head = y1 > y0 ? -6.0f : 6.0f;
        draw->AddTriangleFilled(ImVec2(x1, y1), ImVec2(x1 - 4, y1 + head), ImVec2(x1 + 4, y1 + head), color);
    }
    // Warnings: a small triangle at the top of the lanes at each one's step; hover says it, a click goes there.
    if (view.warnings) {
        ImU32 color = ImGui::GetColorU32(p.warn);
        float size = lane_height * 0.35f;
        float last_x = -1;
        for (const auto& warning : *view.warnings) {
            float x = to_pixel(x_of(warning.step - 1) + (by_time_ ? 0 : 0.5));
            if (x < left || x > right || std::floor(x) == last_x) continue;
            last_x = std::floor(x);
            draw->AddTriangleFilled(ImVec2(x - size, origin.y), ImVec2(x + size, origin.y), ImVec2(x, origin.y + size * 1.6f), color);
            if (ImGui::IsMouseHoveringRect(ImVec2(x - size, origin.y), ImVec2(x + size, origin.y + size * 1.6f))) {
                // A race's links, not its sentence (which numbers its steps by event, as the CLI does).
                std::string text = warning.text;
                if (!warning.links.empty()) text.clear();
                for (const auto& link : warning.links) text += (text.empty() ? "" : "\n") + step_label(view.player, link.step) + ": " + link.text;
                ImGui::SetTooltip("%s: %s\n%s", step_label(view.player, warning.step).c_str(),
                                  std::string(analysis::to_string(warning.kind)).c_str(), text.c_str());
                if (ImGui::IsMouseReleased(0)) jump = warning.step;
            }
        }
    }
    // The current step.
    if (view.position > 0) {
        float x = to_pixel(x_of(view.position - 1) + (by_time_ ? 0 : 0.5));
        if (x >= left && x <= right)
            draw->AddLine(ImVec2(x, origin.y), ImVec2(x, std::max(lanes_bottom, origin.y + lane_height)),
                          ImGui::GetColorU32(p.bad), 2);
    }
    ImGui::EndChild();
    return jump;
}

}  // namespace cotrace::ui
