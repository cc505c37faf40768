// export_view.hpp — Export Specified Packets (Wireshark's File > Export Specified Packets): the
// captured or the displayed frames, all of them, the selected one or a range ("1-10, 20"), as
// pcapng or pcap, written in the browser by the session's export job and downloaded. Exactly
// the frames chosen: no dependent frames are added.
//
// Test hook: state `export` {open, packets: "captured"|"displayed", range: "all"|"selected"|
// "range", range_text, format, filter (what the export passes through), error, running,
// progress, last: {file, frames, bytes, complete, error} | null}; targets `menu.export` (in the
// navigation bar), `export.captured`, `export.displayed`, `export.range.all`,
// `export.range.selected`, `export.range.range`, `export.range.text`, `export.format.pcapng`,
// `export.format.pcap`, `export.go`, `export.cancel`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/io/capture_writer.hpp"
#include "web/view.hpp"

namespace caplens::web {

class ExportView final : public View {
public:
    [[nodiscard]] const char* name() const override { return "export"; }
    void draw(App& app) override;

private:
    enum class Packets : std::uint8_t { Captured, Displayed };
    enum class Range : std::uint8_t { All, Selected, Numbers };
    struct LastExport {
        std::string file;
        std::uint64_t frames = 0;
        std::uint64_t bytes = 0;
        bool complete = true;
        std::string error;
    };

    void drawOptions(App& app);
    void drawActions(App& app);
    void start(App& app);
    void collectResult(App& app);
    // The display filter selecting the chosen frames ("" for all), or nullopt with m_error set.
    [[nodiscard]] std::optional<std::string> chosenFilter(const App& app);
    void expose(App& app) const;

    int m_sessionId = 0;  // the capture the choices below were made for
    bool m_wasOpen = false;
    Packets m_packets = Packets::Displayed;
    Range m_range = Range::All;
    std::array<char, 256> m_rangeText{};
    std::optional<ExportFormat> m_format;  // nullopt until the window first opens on a capture
    std::string m_filter;                  // of the export running or last started
    std::string m_error;
    std::optional<LastExport> m_last;
};

}  // namespace caplens::web
