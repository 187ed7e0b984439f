import { render } from 'preact';
import { App } from './app';
import './styles.css';

// A page restored from the back/forward cache after sign-out must not show the signed-in data.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) window.location.reload();
});

render(<App />, document.getElementById('app')!);
