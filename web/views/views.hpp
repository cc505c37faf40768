// views.hpp — the one list of the app's views.
#pragma once

#include <memory>
#include <vector>

#include "web/view.hpp"

namespace caplens::web {

// Every view, in drawing order (later ones draw on top). A new view is added here and
// nowhere else: no static self-registration (static wasm links would drop it).
[[nodiscard]] std::vector<std::unique_ptr<View>> registerViews();

}  // namespace caplens::web
