// packets_view.hpp — Wireshark's three panes: the packet list (No., Time, Source, Destination,
// Protocol, Length, Info; virtualised with ImGuiListClipper, coloured by Wireshark's default
// coloring rules), the details tree of the selected frame (right-click a field: Apply as
// Filter, Prepare as Filter, Copy value) and its bytes as hex + ASCII (the selected field's
// bytes highlighted; clicking a byte selects the innermost field covering it). The panes are
// separated by draggable splitters. A click on a column header sorts the list by it (again:
// the other way); right-click the Time header for the time display format.
#pragma once

#include <cstdint>
#include <string>

#include "web/view.hpp"

namespace caplens::wasm {
class CaptureSession;
struct PacketRow;
}  // namespace caplens::wasm

namespace caplens::web {

// Wireshark's View > Time Display Format choices.
enum class TimeFormat : std::uint8_t {
    SinceStart,              // seconds since the first frame (the default)
    SincePreviousDisplayed,  // seconds since the previous displayed frame
    Absolute,                // date and time of day, in the browser's time zone
    Utc,                     // date and time of day, UTC
};

class PacketsView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "packets"; }
    void draw(App& app) override;

private:
    void drawList(App& app, float height);
    void drawDetails(App& app, float height);
    void drawBytes(App& app, float height);
    void splitter(App& app, const char* id, float& fraction, float total);
    void drawListHeader(App& app);
    void timeFormatMenu(App& app);
    void linkTimeFormat(App& app);
    void rowMenu(App& app, std::uint64_t number);
    void syncSort(wasm::CaptureSession& session);
    [[nodiscard]] std::string timeText(const wasm::CaptureSession& session, const wasm::PacketRow& row) const;

    float m_listFraction = 0.48f;     // of the panes' height
    float m_detailsFraction = 0.30f;
    std::uint64_t m_lastSelected = 0;
    bool m_scrollToSelected = false;
    std::int32_t m_revealNode = -1;   // a node to open the tree to and scroll to (byte click)
    std::int32_t m_menuNode = -1;     // the node the context menu is for
    std::uint8_t m_bytesSource = 0;   // the data source the bytes pane shows
    TimeFormat m_timeFormat = TimeFormat::SinceStart;
    bool m_fitTimeColumn = false;     // the format changed: resize the Time column once
    int m_sortSession = 0;            // the session the header's sort arrow was last matched with
};

}  // namespace caplens::web
