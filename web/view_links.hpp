// view_links.hpp — links to a view of a capture (wasm/view_link.hpp) in the page: the link the
// page was opened with, waiting for its capture; the restoring of its view once a capture with
// the same fingerprint is read (or a warning when another one is); and the link to the view on
// screen ("Copy link").
//
// Each part of the view is one key, written every frame by whoever owns it and restored by the
// same owner: the App writes `screen`, `filter`, `frame`, `sort` and `windows` (the open
// Statistics windows); PacketsView `time`; each TableWindowView `tab.<window>`. Owners call
// write() each frame and takeRestore() until they get their value (a view that is not drawn yet,
// such as the packet list behind the Summary, gets it when it is).
#pragma once

#include <optional>
#include <string>

#include "wasm/view_link.hpp"

namespace caplens::wasm {
class CaptureSession;
}

namespace caplens::web {

class ViewLinks {
public:
    // Reads the link in the page's URL fragment (at start, and when a link is pasted into the
    // tab); the capture open now, if any, is compared with it at the next frame.
    void start(const std::string& fragment);

    // ---- each frame
    // Forgets last frame's keys; compares a capture that has just been read with the waiting link.
    void beginFrame(const wasm::CaptureSession* session);
    void write(const std::string& key, std::string value) { m_current[key] = std::move(value); }
    // The value to restore for `key`, handed out once.
    [[nodiscard]] std::optional<std::string> takeRestore(const std::string& key);
    void endFrame() { m_published.swap(m_current); }

    // ---- for the page
    // The capture the link waits for (nullopt: none).
    [[nodiscard]] const std::optional<wasm::ViewLink>& waiting() const { return m_waiting; }
    // Why the opening link was refused, or why the capture read does not match it ("" if none).
    [[nodiscard]] const std::string& problem() const { return m_problem; }
    void dismissProblem() { m_problem.clear(); }
    // The fragment (without '#') of the view on screen, or "" before the capture is fingerprinted.
    [[nodiscard]] std::string currentFragment(const wasm::CaptureSession* session) const;
    // The test hook's `link` member.
    [[nodiscard]] std::string stateJson(const wasm::CaptureSession* session) const;

private:
    std::optional<wasm::ViewLink> m_waiting;
    int m_checkedSession = 0;          // the session the waiting link was last compared with
    wasm::ViewParameters m_restoring;  // keys not yet taken by their owners
    wasm::ViewParameters m_current;    // written this frame
    wasm::ViewParameters m_published;  // written last frame
    std::string m_problem;
};

}  // namespace caplens::web
