import type { WeatherReport } from '../../../shared/types.js';
import type { ErrorInfo } from '../../../shared/errors.js';
import type { SliceCreator } from './helpers.js';

type Units = 'metric' | 'imperial';

export interface WeatherSlice {
  weather: WeatherReport | null;
  weatherUnits: Units;
  weatherPending: boolean;
  weatherError: ErrorInfo | null;
  /** The place last asked for, so switching units can ask again. */
  weatherLocation: string | null;
  setWeatherUnits(units: Units): void;
  fetchWeather(location: string): Promise<void>;
}

export const createWeatherSlice: SliceCreator<WeatherSlice> = (client) => (set, get) => ({
  weather: null,
  weatherUnits: 'metric',
  weatherPending: false,
  weatherError: null,
  weatherLocation: null,
  setWeatherUnits: (weatherUnits) => {
    set({ weatherUnits });
    // The report on screen is in the old units; the vendor converts, so ask again.
    const { weatherLocation, weather } = get();
    if (weatherLocation && weather && weather.units !== weatherUnits) void get().fetchWeather(weatherLocation);
  },
  fetchWeather: async (location) => {
    set({ weatherPending: true, weatherError: null, weatherLocation: location });
    const result = await client.getWeather(location, get().weatherUnits);
    set(result.ok ? { weatherPending: false, weather: result.value } : { weatherPending: false, weatherError: result.error });
  },
});
