#pragma once
// WaveAmp's JUCE configuration: every JUCE module flag the project sets, in one place.
// Included by every JUCE module and every WaveAmp translation unit through
// JUCE_APP_CONFIG_HEADER (see Source/Plugin/CMakeLists.txt). Nothing here is generated.

// Linux: no WebKit or curl (the plugin never shows web pages or downloads anything).
#define JUCE_WEB_BROWSER 0
#define JUCE_USE_CURL 0

// Audio files: impulse responses are WAV/AIFF. Debian's JUCE ships without its bundled
// FLAC/Ogg sources, so those codecs stay off rather than pulling in the system libraries.
#define JUCE_USE_FLAC 0
#define JUCE_USE_OGGVORBIS 0
#define JUCE_USE_MP3AUDIOFORMAT 0
#define JUCE_USE_LAME_AUDIO_FORMAT 0
#define JUCE_USE_WINDOWS_MEDIA_FORMAT 0

// Standalone: ALSA and JACK (JACK is loaded at run time when a server is running).
#define JUCE_ALSA 1
#define JUCE_JACK 1

// Plugin wrappers: there is no VST2 SDK, so the VST3 must not claim to replace a VST2.
#define JUCE_VST3_CAN_REPLACE_VST2 0

// No plugin hosting inside the plugin itself. The host test program (tests/plugin/host), which
// loads the built VST3 and LV2, turns VST3 and LV2 hosting on with -D on its own target.
#ifndef JUCE_PLUGINHOST_VST3
 #define JUCE_PLUGINHOST_VST3 0
#endif
#ifndef JUCE_PLUGINHOST_LV2
 #define JUCE_PLUGINHOST_LV2 0
#endif
#define JUCE_PLUGINHOST_VST 0
#define JUCE_PLUGINHOST_LADSPA 0
#define JUCE_PLUGINHOST_AU 0

// Safer code: file choosers and alerts are asynchronous, reference counting is strict.
#define JUCE_MODAL_LOOPS_PERMITTED 0
#define JUCE_STRICT_REFCOUNTEDPOINTER 1
#define JUCE_USE_DARK_SPLASH_SCREEN 1
