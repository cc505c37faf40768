// main.cpp — the browser entry point: a WebGL2 context through Emscripten's GLFW, Dear ImGui
// with its unmodified GLFW and OpenGL3 backends, and a main loop driven by the browser's
// animation frames. Everything else is in App.
#include <emscripten/emscripten.h>
#include <GLFW/glfw3.h>

#include <cstdio>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "web/app.hpp"

namespace {

void runFrame(void* app) { static_cast<caplens::web::App*>(app)->frame(); }

}  // namespace

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "caplens: cannot initialise GLFW\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    // The real size is set by App on its first frame (CSS size x devicePixelRatio).
    GLFWwindow* window = glfwCreateWindow(1280, 800, "caplens", nullptr, nullptr);
    if (window == nullptr) {
        std::fprintf(stderr, "caplens: cannot create a WebGL2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    // Layout is computed each frame; nothing is remembered between visits.
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // The app sets the canvas's CSS cursor itself (App::updateCursor). The GLFW backend would
    // otherwise call glfwSetInputMode every frame, which Emscripten turns into
    // document.exitPointerLock(): Chromium rejects those calls ("Permissions check failed").
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    // Lives as long as the page: the browser owns the loop from here on, so main returns
    // without tearing anything down.
    auto* app = new caplens::web::App(window);
    emscripten_set_main_loop_arg(runFrame, app, 0, false);
    return 0;
}
