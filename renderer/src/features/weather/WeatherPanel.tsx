import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAppStore } from '../../store-context.js';
import { WeatherCard } from './WeatherCard.js';
import { errorText } from '../../error-text.js';

export function WeatherPanel() {
  const units = useAppStore((s) => s.weatherUnits);
  const setUnits = useAppStore((s) => s.setWeatherUnits);
  const fetchWeather = useAppStore((s) => s.fetchWeather);
  const pending = useAppStore((s) => s.weatherPending);
  const error = useAppStore((s) => s.weatherError);
  const report = useAppStore((s) => s.weather);
  const [location, setLocation] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (location.trim()) void fetchWeather(location.trim());
  };

  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Weather</h2>
      </div>
      <form className="row-form" onSubmit={submit}>
        <input data-testid="weather-input" value={location} placeholder="City, e.g. Lisbon" onChange={(e) => setLocation(e.target.value)} />
        <div className="segmented" role="group" aria-label="Units">
          {(['metric', 'imperial'] as const).map((u) => (
            <button
              key={u}
              type="button"
              className={u === units ? 'seg active' : 'seg'}
              aria-pressed={u === units}
              data-testid={`weather-units-${u}`}
              onClick={() => setUnits(u)}
            >
              {u === 'metric' ? '°C' : '°F'}
            </button>
          ))}
        </div>
        <button type="submit" className="btn btn-primary" data-testid="weather-submit" disabled={pending || !location.trim()}>
          {pending ? 'Loading…' : 'Get weather'}
        </button>
      </form>
      {error && (
        <p className="error-text" data-testid="weather-error" data-code={error.code}>
          {errorText(error)}
        </p>
      )}
      {report && <WeatherCard report={report} fallbackUnits={units} />}
    </section>
  );
}
