"""The framework's own ceiling: a bare FastAPI app with one endpoint returning fixed HTML."""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reference"
        "</title></head><body><main><h1>Hello</h1><p>A fixed small page.</p></main></body>"
        "</html>")

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/")
async def page() -> HTMLResponse:
    return HTMLResponse(PAGE)
