"""The app's screens: the main three-pane reader and its modals."""
