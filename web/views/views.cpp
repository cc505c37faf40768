#include "web/views/views.hpp"

#include "web/views/capture_info_view.hpp"
#include "web/views/drop_overlay_view.hpp"
#include "web/views/navigation_view.hpp"
#include "web/views/packets_view.hpp"
#include "web/views/summary_view.hpp"
#include "web/views/status_bar_view.hpp"
#include "web/views/toolbar_view.hpp"
#include "web/views/welcome_view.hpp"

namespace caplens::web {

std::vector<std::unique_ptr<View>> registerViews() {
    std::vector<std::unique_ptr<View>> views;
    views.push_back(std::make_unique<ToolbarView>());
    views.push_back(std::make_unique<StatusBarView>());
    views.push_back(std::make_unique<WelcomeView>());
    views.push_back(std::make_unique<NavigationView>());
    views.push_back(std::make_unique<SummaryView>());
    views.push_back(std::make_unique<PacketsView>());
    views.push_back(std::make_unique<CaptureInfoView>());
    views.push_back(std::make_unique<DropOverlayView>());
    return views;
}

}  // namespace caplens::web
