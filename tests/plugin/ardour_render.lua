-- Renders through WaveAmp in a real DAW, headless: Ardour's Lua session tool (ardour7-lua) with
-- the Dummy backend. A stereo track gets Ardour's SinGen (220 Hz, -18 dBFS) followed by WaveAmp
-- (LV2 or VST3, added with ARDOUR.LuaAPI.new_plugin), and a 4 s range of the session is exported
-- to WAV. Environment: WAVEAMP_PLUGIN_TYPE (LV2|VST3), WAVEAMP_PLUGIN_ID (LV2 URI or VST3 name),
-- WAVEAMP_SESSION_DIR (a new directory). The caller checks the exported file.
local kind = os.getenv("WAVEAMP_PLUGIN_TYPE")
local id = os.getenv("WAVEAMP_PLUGIN_ID")
local dir = os.getenv("WAVEAMP_SESSION_DIR")

AudioEngine:set_backend("None (Dummy)", "", "")
local session = create_session(dir, "waveamp_render", 48000)
assert(session, "could not create a session in " .. dir)

tracks = Session:new_audio_track(2, 2, nil, 1, "guitar", ARDOUR.PresentationInfo.max_order,
                                       ARDOUR.TrackMode.Normal, true)
track = tracks:front()

source = ARDOUR.LuaAPI.new_plugin(Session, "SinGen", ARDOUR.PluginType.Lua, "")
assert(not source:isnil(), "Ardour's SinGen is missing")
track:add_processor_by_index(source, 0, nil, true)
ARDOUR.LuaAPI.set_processor_param(source, 0, 220)  -- Hz
ARDOUR.LuaAPI.set_processor_param(source, 1, -18)  -- dB

local pluginType = (kind == "VST3") and ARDOUR.PluginType.VST3 or ARDOUR.PluginType.LV2
amp = ARDOUR.LuaAPI.new_plugin(Session, id, pluginType, "")
assert(not amp:isnil(), "WaveAmp (" .. kind .. ") not found: " .. id)
track:add_processor_by_index(amp, 1, nil, true)
print("WaveAmp " .. kind .. " added to the track: " .. amp:to_insert():plugin(0):name())

export = Session:simple_export()
export:set_name("waveamp_" .. kind)
export:set_folder(dir .. "/export")
export:set_range(0, 48000 * 4)
assert(export:set_preset("75969a1c-3133-4694-864b-a1fa50e43348"), "Ardour's 'WAV @ session-rate' preset is missing")
assert(export:run_export(), "export failed")
print("exported " .. dir .. "/export/waveamp_" .. kind .. ".wav")
-- Drop every Lua reference into the session before closing it: otherwise Lua's garbage collector
-- frees the track list after close_session() has deleted the session, a use-after-free in Ardour
-- (valgrind shows it in IO::~IO) that crashes about one run in four under load, with or without
-- WaveAmp on the track.
export, amp, source, track, tracks, session = nil, nil, nil, nil, nil, nil
collectgarbage()
collectgarbage()
close_session()
quit()
