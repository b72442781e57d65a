import { render } from 'preact';
import { App } from './App.js';
import { LiveClient } from './live.js';
import './styles.css';

const live = new LiveClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
live.start();
const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
render(<App live={live} />, root);
